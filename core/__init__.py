"""What both apps share: roles and read access, the admin's history and edit-conflict framework, spreadsheet
resources, and form rendering. It imports neither `tracker` nor `indicators`."""
