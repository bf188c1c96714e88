"""Spreadsheet exchange in the admin: coordinators import and export their tables.

Partner lists, action tables and attendance sheets travel as Excel files from Belgian PCs.
This package adapts django-import-export to them, for every model that is exchanged:

- `formats`: CSV read whatever its encoding (UTF-8 with or without BOM, Windows-1252) and
  separator (";" or ","), XLSX read from its first sheet; written by cai.spreadsheets;
- `widgets`: cells as Belgians type them (dd/mm/yyyy, "12,5", oui/non) and codes resolved
  for a whole file in one query per referenced table;
- `resources`: the base resource — rows matched on business keys, never on database ids;
  every error worded in French with its line and column; nothing written unless the whole
  file is valid;
- `admin`: the admin mixin — separate import and export permissions, the data dictionary,
  the streamed CSV export of large lists.

Each app declares what it exchanges in its own `resources.py`.
"""
