"""The panel settings this app declares (``backoffice.panel_settings``; Treezor's Dashboard
"Configuration", Crassula's "system configs"), and how the rest of the app asks them:

- where the profile shows a customer's SCA devices: on a tab of their own, or on the Profile tab
  (T: "in the Profile Boards view, Profile tab, if enabled in the Configuration");
- whether "Send forgot password" is offered (T: "only available under certain conditions");
- whether verification level 5 is offered (C: "custom requirements … can be enabled in the system
  configs"): when not, the forms that set a level do not offer it and the service refuses it; a
  customer already at level 5 keeps it until lowered, and the lists still filter by it.
"""

from backoffice.panel_settings import Switch, is_set_to, switches

SCA_DEVICES = "sca-devices"
OWN_TAB, PROFILE_TAB = "own-tab", "profile-tab"
RESET_EMAIL = "password-reset"
VERIFICATION_LEVEL_5 = "verification-level-5"
OFFERED, NOT_OFFERED = "offered", "not-offered"


def register_switches() -> None:
    switches.register(
        Switch(
            key=SCA_DEVICES,
            label="SCA devices",
            question="Where does the profile show a customer's SCA devices?",
            choices=((OWN_TAB, "On a tab of their own"), (PROFILE_TAB, "On the Profile tab")),
            default_setting="PANEL_SCA_DEVICES",
            effect=(
                "Every profile shows the SCA devices, with their commands, where chosen: on the Profile tab, the "
                "“SCA devices” tab leaves the tab strip and its links open the Profile tab's section."
            ),
            order=10,
        ),
        Switch(
            key=RESET_EMAIL,
            label="Forgot-password email",
            question="Is “Send forgot password” offered on the profile?",
            choices=((OFFERED, "Offered"), (NOT_OFFERED, "Not offered")),
            default_setting="PANEL_PASSWORD_RESET",
            effect=(
                "When not offered, no staff member can send a customer the reset email: the button leaves the "
                "Profile tab and its page refuses; emails already asked are still sent and their links still work."
            ),
            order=20,
        ),
        Switch(
            key=VERIFICATION_LEVEL_5,
            label="Verification level 5",
            question="Is verification level 5 (custom requirements) offered when a level is set by hand?",
            choices=((OFFERED, "Offered"), (NOT_OFFERED, "Not offered")),
            default_setting="PANEL_VERIFICATION_LEVEL_5",
            effect=(
                "When not offered, the form that sets a verification level offers 2 to 4 only and a request for "
                "level 5 is refused, even one already waiting for approval; customers at level 5 keep it until "
                "lowered."
            ),
            order=30,
        ),
    )


def sca_devices_on_profile_tab() -> bool:
    return is_set_to(SCA_DEVICES, PROFILE_TAB)


def sca_devices_on_own_tab() -> bool:
    return not sca_devices_on_profile_tab()


def password_reset_offered() -> bool:
    return is_set_to(RESET_EMAIL, OFFERED)


def verification_level_5_offered() -> bool:
    return is_set_to(VERIFICATION_LEVEL_5, OFFERED)
