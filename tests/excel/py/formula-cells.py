# Lists every text cell of an .xlsx whose value starts with =, +, -, @, a tab or a carriage return, as JSON lines:
# {"sheet", "cell", "text", "quotePrefix", "format", "type"}. Run with Debian's /usr/bin/python3 (python3-openpyxl); a second
# reader, independent of exceljs, of what a spreadsheet program sees.
import json
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            v = c.value
            if isinstance(v, str) and v[:1] in ('=', '+', '-', '@', '\t', '\r'):
                print(json.dumps({'sheet': ws.title, 'cell': c.coordinate, 'text': v, 'quotePrefix': bool(c.quotePrefix), 'format': c.number_format, 'type': c.data_type}))
