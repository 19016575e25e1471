/// The stylesheet, served from `/static/app.css` (no external fonts or CDN). High contrast, a
/// visible focus ring, large targets.
enum WebStyle {
    static let css = """
    *{box-sizing:border-box}body{margin:0;font:19px/1.45 Arial,Helvetica,sans-serif;color:#0b0c0c;background:#fff}
    a{color:#1d70b8}a:visited{color:#4c2c92}a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #ffdd00;outline-offset:0;box-shadow:0 4px #0b0c0c}
    .skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#ffdd00;color:#0b0c0c;padding:4px}
    .header{background:#0b0c0c;color:#fff;padding:12px 24px;display:flex;flex-wrap:wrap;align-items:center;gap:16px;border-bottom:8px solid #1d70b8}
    .header a{color:#fff}.service{font-weight:700;font-size:24px;text-decoration:none}.tagline{color:#ddd;font-size:16px}
    .nav{margin-left:auto;display:flex;gap:16px;align-items:center}.nav ul{list-style:none;margin:0;padding:0;display:flex;gap:16px}.who{color:#ddd;font-size:16px}
    .main{max-width:1100px;margin:0 auto;padding:24px}h1{font-size:40px;margin:0 0 24px}h2{font-size:27px;margin:32px 0 12px}
    .footer{border-top:1px solid #b1b4b6;padding:16px 24px;color:#505a5f;font-size:16px}
    label{display:block;font-weight:700;margin:16px 0 4px}.hint{color:#505a5f;display:block;font-weight:400}
    input[type=text],input[type=email],input[type=password],select,textarea{font:inherit;border:2px solid #0b0c0c;padding:5px;width:100%;max-width:30em}
    textarea{max-width:100%;min-height:8em}.button{font:inherit;background:#00703c;color:#fff;border:0;box-shadow:0 2px #002d18;padding:8px 12px;margin:16px 8px 8px 0;cursor:pointer}
    .button.secondary{background:#f3f2f1;color:#0b0c0c;box-shadow:0 2px #929191}.button.warning{background:#d4351c}
    button.link{background:none;border:0;color:#fff;text-decoration:underline;font:inherit;cursor:pointer}form.inline{display:inline}
    .error-summary{border:5px solid #d4351c;padding:16px;margin-bottom:24px}.error-summary h2{margin-top:0}
    .notice{border-left:10px solid #1d70b8;padding:12px 16px;background:#f3f2f1;margin-bottom:24px}
    .table{border-collapse:collapse;width:100%;margin-bottom:24px}.table caption{text-align:left;font-weight:700;font-size:22px;margin-bottom:8px}
    .table th,.table td{border-bottom:1px solid #b1b4b6;padding:8px 12px 8px 0;text-align:left;vertical-align:top}.num{text-align:right!important}
    .summary{margin:0 0 24px}.summary div{display:flex;border-bottom:1px solid #b1b4b6;padding:8px 0}.summary dt{font-weight:700;width:35%}.summary dd{margin:0}
    .tag{display:inline-block;padding:2px 8px;background:#1d70b8;color:#fff;font-size:16px;text-transform:uppercase;letter-spacing:1px}
    .tag-approved,.tag-succeeded,.tag-released,.tag-published,.tag-accepted,.tag-closed,.tag-current{background:#00703c}
    .tag-breach,.tag-failed,.tag-rejected,.tag-open,.tag-destroyed,.tag-withdrawn{background:#d4351c}.tag-draft,.tag-queued,.tag-checked,.tag-replaced{background:#505a5f}
    .chart{max-width:100%;height:auto}.chart text{font:14px Arial,sans-serif;fill:#0b0c0c}.bar{fill:#1d70b8}.bar-alt{fill:#f47738}.bar-muted{fill:#b1b4b6}.axis{stroke:#0b0c0c}
    .chart .small{font-size:12px}.chart .strong{font-weight:700}.grid{stroke:#e5e6e7}.mark{stroke:#d4351c;stroke-width:2}.band{fill:#ffdd00;opacity:.35}
    .line-a,.line-b,.line-c{fill:none;stroke-width:2.5}.line-a{stroke:#1d70b8}.line-b{stroke:#f47738}.line-c{stroke:#00703c;stroke-dasharray:6 4}
    .todo li{margin-bottom:8px}.secret{font-family:monospace;font-size:20px;word-break:break-all}
    details summary{cursor:pointer;color:#1d70b8}
    .banner{border:5px solid #d4351c;padding:16px;margin-bottom:24px;background:#fff}.banner strong{color:#d4351c;margin-right:8px}
    .tag-suspended,.tag-expired,.tag-deactivated,.tag-lapsed,.tag-locked{background:#d4351c}.tag-not-yet-in-force,.tag-for-approval{background:#f47738;color:#0b0c0c}
    """
}
