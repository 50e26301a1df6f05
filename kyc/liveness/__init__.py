"""Live verification (T "KYC Liveness"): sessions started from the KYC tab, the provider's signed
webhooks, and the sandbox provider that ships with the project."""
