"""Edit forms for the wijkdossier's layers."""
