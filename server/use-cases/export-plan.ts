// Export: the engagement as it stands → a new plan workbook. The client's original file is never touched.
import { writePlanWorkbook } from '../excel/export/write-workbook.ts';
import type { ExportModel } from '../excel/export/model.ts';

export async function exportPlan(model: ExportModel): Promise<Uint8Array> {
  return writePlanWorkbook(model);
}
