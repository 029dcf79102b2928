"""Writes that touch more than one row, one module per job. Views, the admin, imports and commands import them
from the module of their job (`from tracker.services.updates import status_update_create`); this package
re-exports nothing.

- updates: status updates, the action's current state that mirrors them, and supporting agencies.
- imports: loading a folder of data files, all or nothing.
- reminders: the officials' email digests.
- accounts: demo accounts and the user's language preference.
- rounds: reporting rounds (opening, closing and its snapshot), round reports, reviews, questions and answers.
- samples: the demo's sample rounds, and removing them.
- figures: the counted figures of actions (per category, status and due month) that every write keeps.
"""
