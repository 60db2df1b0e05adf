"""What the accounts app keeps about people, for the privacy registry (lms.privacy)."""
