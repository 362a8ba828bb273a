import { readFile } from 'node:fs/promises';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { CjkFont } from './certificates.font';
import type { CertificateRecord } from './certificates.model';
import { categoryName, hoursOf } from './certificates.snapshot';

/** What the PDF prints about the volunteer, read from their profile when the PDF is made. */
export interface CertificateHolder {
  realName: string;
  residentIdMasked: string | null;
}

const A4_WIDTH = 595.28;
const MARGIN = 56;
const CONTENT_WIDTH = A4_WIDTH - 2 * MARGIN;
const TABLE_COLUMNS: Array<{ title: string; width: number }> = [
  { title: '服务项目', width: 150 }, { title: '服务类别', width: 70 }, { title: '服务组织（社区）', width: 95 },
  { title: '服务日期', width: 85 }, { title: '班次', width: 35 }, { title: '时长（小时）', width: CONTENT_WIDTH - 435 },
];

/** "2026-03-01" → "2026年3月1日". */
function chineseDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/**
 * Renders 志愿服务记录证明 with the fields the national rules on volunteer service records ask for
 * (volunteer and ID number, organizations, period, hours by activity, issuing organization and date),
 * plus the verification code and a QR code of the public verification URL, drawn as vector squares.
 */
export class CertificatePdf {
  private font: Promise<Buffer> | undefined;

  constructor(private readonly cjkFont: CjkFont) {}

  async render(certificate: CertificateRecord, holder: CertificateHolder, verifyUrl: string): Promise<Buffer> {
    const doc = new PDFDocument({
      size: 'A4', margin: MARGIN,
      info: { Title: '志愿服务记录证明', Subject: `验证码 ${certificate._id}`, Keywords: certificate._id, Creator: 'Tongxin' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const finished = new Promise<void>((resolve, reject) => { doc.on('end', resolve); doc.on('error', reject); });
    this.font ??= readFile(this.cjkFont.path);
    doc.registerFont('cjk', await this.font, this.cjkFont.postscriptName);
    doc.font('cjk');

    this.header(doc, certificate);
    this.statement(doc, certificate, holder);
    this.activities(doc, certificate);
    this.footer(doc, certificate, verifyUrl, qrModules(verifyUrl));
    doc.end();
    await finished;
    return Buffer.concat(chunks);
  }

  private header(doc: PDFKit.PDFDocument, certificate: CertificateRecord) {
    doc.fontSize(24).text('志愿服务记录证明', { align: 'center', characterSpacing: 4 });
    doc.moveDown(0.4).fontSize(10).fillColor('#555').text(`证明编号（验证码）：${certificate._id}`, { align: 'center' }).fillColor('#000');
    doc.moveDown(1.2);
  }

  private statement(doc: PDFKit.PDFDocument, c: CertificateRecord, holder: CertificateHolder) {
    const id = holder.residentIdMasked ? `（公民身份号码：${holder.residentIdMasked}）` : '';
    const organizations = c.organizations.length > 0 ? c.organizations.join('、') : '本平台登记的服务组织';
    const supplementary = c.supplementaryMinutes > 0 ? `，其中补录时长 ${hoursOf(c.supplementaryMinutes)} 小时` : '';
    doc.fontSize(12).text(
      `兹证明 ${holder.realName}${id} 于 ${chineseDate(c.periodFrom)} 至 ${chineseDate(c.periodTo)} 期间，`
      + `在 ${organizations} 参加志愿服务，经服务组织核实，累计志愿服务时长 ${hoursOf(c.totalMinutes)} 小时${supplementary}。具体服务记录如下：`,
      { lineGap: 6, indent: 24 },
    );
    doc.moveDown(1);
  }

  private activities(doc: PDFKit.PDFDocument, c: CertificateRecord) {
    const row = (cells: string[], bold = false) => {
      const y = doc.y;
      let x = MARGIN;
      const heights = cells.map((cell, i) => doc.heightOfString(cell, { width: TABLE_COLUMNS[i]!.width - 6 }));
      const height = Math.max(...heights) + 8;
      if (y + height > doc.page.height - 200) doc.addPage();
      const top = doc.y;
      cells.forEach((cell, i) => {
        const width = TABLE_COLUMNS[i]!.width;
        doc.rect(x, top, width, height).lineWidth(0.5).stroke(bold ? '#333' : '#999');
        doc.fillColor('#000').text(cell, x + 3, top + 4, { width: width - 6 });
        x += width;
      });
      doc.x = MARGIN;
      doc.y = top + height;
    };
    doc.fontSize(9);
    row(TABLE_COLUMNS.map((col) => col.title), true);
    for (const a of c.activities) {
      const dates = a.firstDate === a.lastDate ? a.firstDate : `${a.firstDate} 至 ${a.lastDate}`;
      row([a.title, categoryName(a.category), a.organizationName, dates, String(a.shifts), hoursOf(a.minutes).toFixed(1)]);
    }
    if (c.activities.length === 0) row(['（本期间无已核定的服务记录）', '', '', '', '', '0.0']);
    row(['合计', '', '', '', String(c.activities.reduce((n, a) => n + a.shifts, 0)), hoursOf(c.totalMinutes).toFixed(1)], true);
  }

  private footer(doc: PDFKit.PDFDocument, c: CertificateRecord, verifyUrl: string, qr: boolean[][]) {
    const top = Math.max(doc.y + 24, doc.page.height - 230);
    const size = 110;
    const left = MARGIN + CONTENT_WIDTH - size;
    const cell = size / qr.length;
    qr.forEach((line, r) => line.forEach((dark, col) => { if (dark) doc.rect(left + col * cell, top + r * cell, cell, cell).fill('#000'); }));
    doc.fontSize(8).fillColor('#555').text('扫码核验本证明', left, top + size + 4, { width: size, align: 'center' });
    doc.fontSize(12).fillColor('#000');
    doc.text(`出具组织：${c.issuer}`, MARGIN, top + 10, { width: CONTENT_WIDTH - size - 20 });
    doc.moveDown(0.6).text(`出具日期：${chineseDate(issuedDay(c.issuedAt))}`);
    doc.moveDown(0.6).fontSize(9).fillColor('#555').text(
      `核验方式：扫描右侧二维码，或访问 ${verifyUrl}。本证明依据《志愿服务记录与证明出具办法》出具，`
      + '服务时长以服务组织核定的服务记录为准，核验页面不显示志愿者完整姓名与证件号码。',
      { width: CONTENT_WIDTH - size - 20, lineGap: 3 },
    );
  }
}

function issuedDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The QR code's modules as rows of dark/light, with the quiet zone the standard asks for (4 modules). */
function qrModules(text: string): boolean[][] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 4;
  const size = modules.size + 2 * quiet;
  return Array.from({ length: size }, (_, r) => Array.from({ length: size }, (_, c) => {
    const [row, col] = [r - quiet, c - quiet];
    return row >= 0 && col >= 0 && row < modules.size && col < modules.size && modules.get(row, col) === 1;
  }));
}
