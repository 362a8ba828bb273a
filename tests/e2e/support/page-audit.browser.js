/*
 * Runs inside the page (plain JavaScript, read and evaluated by page-audit.ts). Looks at what is on
 * screen now and returns the problems found:
 *  - text whose colour against the background behind it is below 4.5:1 (WCAG 1.4.3, for all sizes);
 *  - controls smaller than 44 × 44 CSS px (buttons, links, radios, checkboxes, tabs, inputs);
 *  - inputs without an accessible name (a placeholder does not count).
 * The background is found by compositing the background colours of the element and its ancestors;
 * text over an image or a gradient is skipped, as its background cannot be known from styles.
 */
(() => {
  const MIN_RATIO = 4.5;
  const MIN_TARGET = 44;

  const parse = (css) => {
    const m = css.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a: a === undefined || Number.isNaN(a) ? 1 : a };
  };
  // `top` drawn over the opaque `bottom`.
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const luminance = ({ r, g, b }) => {
    const lin = (v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const hex = ({ r, g, b }) => `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

  /** The opaque colour behind `el`, or null when an image or gradient is in the way. */
  const backgroundOf = (el) => {
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.backgroundImage && style.backgroundImage !== 'none') return null;
      const colour = parse(style.backgroundColor);
      if (colour && colour.a > 0) {
        layers.push(colour);
        if (colour.a >= 1) break;
      }
    }
    let result = { r: 255, g: 255, b: 255, a: 1 };
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  };

  const visible = (el) => {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return false;
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) return false;
    }
    return true;
  };
  // Inactive controls are exempt from the contrast rule (WCAG 1.4.3).
  const disabled = (el) => Boolean(el.closest('[disabled], [aria-disabled="true"]'));
  const describe = (el) => {
    const text = (el.innerText || el.getAttribute('aria-label') || el.getAttribute('name') || '').trim().replace(/\s+/g, ' ').slice(0, 30);
    const cls = typeof el.className === 'string' ? el.className.split(/\s+/).filter(Boolean).slice(0, 2).join('.') : '';
    return `${el.tagName.toLowerCase()}${cls ? `.${cls}` : ''}${text ? ` "${text}"` : ''}`;
  };

  const problems = [];

  // Text contrast: every element with its own visible text.
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || seen.has(el) || !node.textContent.trim()) continue;
    seen.add(el);
    if (!visible(el) || disabled(el) || el.closest('[aria-hidden="true"], script, style, noscript')) continue;
    const style = getComputedStyle(el);
    const fg = parse(style.color);
    const bg = backgroundOf(el);
    if (!fg || !bg) continue;
    const colour = over({ ...fg, a: fg.a * Number(style.opacity || 1) }, bg);
    const r = ratio(colour, bg);
    if (r < MIN_RATIO) problems.push({ rule: 'contrast', element: describe(el), detail: `${hex(colour)} on ${hex(bg)} = ${r.toFixed(2)}:1` });
  }
  // Placeholders are text too.
  for (const input of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
    if (!input.getAttribute('placeholder').trim() || !visible(input) || disabled(input)) continue;
    const fg = parse(getComputedStyle(input, '::placeholder').color);
    const bg = backgroundOf(input);
    if (!fg || !bg) continue;
    const r = ratio(over(fg, bg), bg);
    if (r < MIN_RATIO) problems.push({ rule: 'contrast', element: `${describe(input)} placeholder`, detail: `${hex(over(fg, bg))} on ${hex(bg)} = ${r.toFixed(2)}:1` });
  }

  // Touch targets. Taro's <Button> is a <taro-button-core> host; roles mark the clickable views.
  const CONTROLS = 'taro-button-core, button, a[href], [role="button"], [role="radio"], [role="checkbox"], [role="tab"], [role="switch"], [role="link"], input:not([type="hidden"]), textarea';
  const targets = new Set();
  for (const el of document.querySelectorAll(CONTROLS)) {
    if (!visible(el)) continue;
    // The outer host of a Taro component is the target; its inner element is measured with it.
    const host = el.parentElement && el.parentElement.closest('taro-button-core');
    targets.add(host || el);
  }
  for (const el of targets) {
    const rect = el.getBoundingClientRect();
    // Anything inside the target that widens it (an <input> inside a labelled row) counts with it.
    const w = Math.round(rect.width);
    const h = Math.round(rect.height);
    if (w < MIN_TARGET || h < MIN_TARGET) problems.push({ rule: 'target', element: describe(el), detail: `${w}×${h} px` });
  }

  // Labels: every input needs a name a screen reader can read out.
  for (const input of document.querySelectorAll('input:not([type="hidden"]), textarea, select')) {
    if (!visible(input)) continue;
    const byAria = (input.getAttribute('aria-label') || '').trim();
    const labelledBy = (input.getAttribute('aria-labelledby') || '')
      .split(/\s+/).filter(Boolean).map((id) => document.getElementById(id)).filter(Boolean)
      .map((el) => el.textContent.trim()).join('');
    const byLabel = Array.from(input.labels || []).map((l) => l.textContent.trim()).join('');
    if (!byAria && !labelledBy && !byLabel) problems.push({ rule: 'label', element: describe(input), detail: 'no aria-label, aria-labelledby or <label>' });
  }

  return problems;
})()
