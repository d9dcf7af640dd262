import { type Html, html } from "../web/html.js";

/**
 * The page shell of every sandbox: self-contained (inline CSS, no scripts), Vietnamese, with a banner that says
 * plainly that this is a SANDBOX and not the real national service.
 */
export function sandboxPage(o: { title: string; service: string; body: Html }): string {
  return `<!doctype html>${html`<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>SANDBOX – ${o.title} – ${o.service}</title>
<style>
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:#1b1b1b;background:#fff}
.sandbox{background:#ffdd00;color:#000;border-bottom:4px solid #000;padding:.6rem 1rem;font-weight:700}
.sandbox strong{background:#000;color:#ffdd00;padding:.1rem .4rem;margin-right:.5rem;letter-spacing:.08em}
header{background:#0b3d91;color:#fff;padding:.8rem 1rem}
header p{margin:0;font-size:1.2rem;font-weight:700}
main{max-width:56rem;margin:0 auto;padding:1rem}
a{color:#0b4f9c}
:focus{outline:3px solid #ffbf47;outline-offset:1px}
fieldset{border:1px solid #767676;border-radius:4px;padding:.5rem 1rem;margin:0 0 1rem}
legend{font-weight:700;padding:0 .3rem}
.person{display:flex;gap:.6rem;align-items:flex-start;padding:.6rem 0;border-bottom:1px solid #ddd}
.person:last-child{border-bottom:0}
.person input{margin-top:.35rem;width:1.2rem;height:1.2rem}
.person small{display:block;color:#4a4a4a}
button{font:inherit;border:0;border-radius:3px;padding:.6rem 1.1rem;cursor:pointer;background:#1d6b2f;color:#fff;margin-right:.5rem}
button.secondary{background:#e9e9e9;color:#1b1b1b;border:1px solid #767676}
.error-summary{border:4px solid #b00020;padding:.6rem 1rem;margin-bottom:1rem}
.error-summary a{color:#b00020;font-weight:700}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #ccc;text-align:left;padding:.4rem;vertical-align:top}
th{background:#f3f3f3}
pre{white-space:pre-wrap;background:#f6f6f6;padding:.6rem;border:1px solid #ddd}
</style>
</head>
<body>
<div class="sandbox" role="note"><strong>SANDBOX</strong>Môi trường thử nghiệm — không phải dịch vụ thật. Dữ liệu chỉ dùng để minh họa.</div>
<header><p>${o.service}</p></header>
<main id="main">
${o.body}
</main>
</body>
</html>`}`;
}
