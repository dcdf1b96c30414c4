"""Screens: one per mode, plus dialogs. Screens arrange widgets and talk to the store through
``MentorApp.run_store`` (never on the UI thread)."""
