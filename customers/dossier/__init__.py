"""The regulator dossier (issue 21): one PDF per customer for an auditor. ``registry`` holds the
sections every app registers from its ``AppConfig.ready`` (this app never imports ``kyc``,
``compliance`` or ``screening``); ``sections`` are this app's; ``pdf`` draws them."""
