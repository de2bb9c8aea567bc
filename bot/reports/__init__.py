"""Reports for the standing office, one module per format: `docx_report` (the monthly, quarterly or
yearly report draft), `xlsx_tracker` (the Excel tracker), `chart` (the progress chart), `calendar_ics`
(deadlines and reporting days). Their data comes from `storage.reports`; every label is in the `reports`
message catalog."""
