"""Reading planning offices' spreadsheets, in the order a file goes through them:

- `reader`: the file as it is (the hostile-file limits, formulas by their cached values,
  merged cells, a CSV's encoding) → a `Table`;
- `mapping`: which of the file's columns hold which of Rinde's fields (header rows
  detected, synonyms proposed, the planner's choice saved for the next upload);
- `cells`: one cell to a number or text, rounded to the column's precision;
- `problems`: errors and warnings, grouped by column and kind so a page stays small.

The layouts themselves stay where they were: `plan/spreadsheet.py` (the cut),
`plan/structure_sheet.py` (the plan's structure); the job's lifecycle in
`plan/import_services.py`."""
