import { StreamableFile } from '@nestjs/common';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A file the browser saves as `name` (Content-Disposition: attachment); a string body is sent as UTF-8. */
export function download(body: string | Buffer, type: string, name: string): StreamableFile {
  return new StreamableFile(typeof body === 'string' ? Buffer.from(body, 'utf8') : body, {
    type,
    disposition: `attachment; filename="${name}"`,
  });
}
