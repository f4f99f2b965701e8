"""pulje's commands for the Flask CLI: one module per subject, registered by ``commands``;
the ``pulje`` program itself is ``main``."""
