import { execFile } from 'node:child_process';
import path from 'node:path';

/** The text of a PDF as pdf.js extracts it (through pdf-parse in a child process; see extract-pdf-text.mjs). */
export function pdfText(pdf: Buffer): Promise<{ text: string; pages: number }> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [path.join(__dirname, 'extract-pdf-text.mjs')], { maxBuffer: 10 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`pdf-text failed: ${stderr || error.message}`));
      resolve(JSON.parse(stdout) as { text: string; pages: number });
    });
    child.stdin!.end(pdf);
  });
}
