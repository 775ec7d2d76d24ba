"""The pages' forms, one module per area (as ``web/`` keeps one view module per area);
``versioned`` holds the base of every form that edits a stored object."""
