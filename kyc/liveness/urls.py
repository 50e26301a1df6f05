"""Live verification's URLs."""

urlpatterns = []
