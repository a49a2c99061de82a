// Prints the text of the PDF on stdin, page by page, as JSON {total, pages}. A separate process,
// because pdf.js (inside pdf-parse) loads its worker with a dynamic import that Jest's VM refuses.
'use strict';
const { PDFParse } = require('pdf-parse');

const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try {
    const result = await parser.getText();
    process.stdout.write(JSON.stringify({ total: result.total, pages: result.pages.map((p) => p.text) }));
  } finally {
    await parser.destroy();
  }
});
