// Prints the text of the PDF read from stdin, as JSON. Run as its own Node process: pdf.js (inside
// pdf-parse) loads its worker with a dynamic import, which jest's CommonJS sandbox does not allow.
import { PDFParse } from 'pdf-parse';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
try {
  const { text, total } = await parser.getText();
  process.stdout.write(JSON.stringify({ text, pages: total }));
} finally {
  await parser.destroy();
}
