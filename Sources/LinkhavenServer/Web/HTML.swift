import Foundation

/// Server-rendered HTML in the style of UK public-sector services: semantic elements, plain
/// English, one thing per page. Every value is escaped; pages carry no inline style or script
/// (the content security policy forbids them).
enum HTML {
    /// Escapes text for element content and attribute values.
    static func esc(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// A whole page: header with the service name and the signed-in user, navigation, the main
    /// content with its heading, and a footer.
    static func page(title: String, user: String? = nil, csrf: String? = nil, head: String = "", body: String) -> String {
        let nav = user == nil ? "" : """
            <nav class="nav" aria-label="Main"><ul>
            <li><a href="/app">Dashboard</a></li><li><a href="/app/projects">Projects</a></li><li><a href="/app/partnerships">Partnerships</a></li><li><a href="/app/catalogue">Catalogue</a></li><li><a href="/app/organisations">Organisations</a></li><li><a href="/app/tokens">API tokens</a></li>
            <li><a href="/app/audit">Audit log</a></li></ul>
            <form method="post" action="/app/sign-out" class="inline"><input type="hidden" name="csrf" value="\(esc(csrf ?? ""))">
            <span class="who">\(esc(user ?? ""))</span> <button class="link">Sign out</button></form></nav>
            """
        return """
            <!DOCTYPE html>
            <html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(esc(title)) – Linkhaven</title><link rel="stylesheet" href="/static/app.css">\(head)</head>
            <body><a class="skip" href="#main">Skip to main content</a>
            <header class="header"><a class="service" href="/app">Linkhaven</a><span class="tagline">pseudonymised data sharing for public services</span>\(nav)</header>
            <main id="main" class="main"><h1>\(esc(title))</h1>
            \(body)
            </main><footer class="footer">Linkhaven · data are pseudonymised at source; outputs are disclosure-checked before release.</footer></body></html>
            """
    }

    /// The error summary at the top of a form (focusable, announced by screen readers).
    static func errors(_ messages: [String]) -> String {
        guard !messages.isEmpty else { return "" }
        return """
            <div class="error-summary" role="alert" tabindex="-1"><h2>There is a problem</h2><ul>\(messages.map { "<li>\(esc($0))</li>" }.joined())</ul></div>
            """
    }

    static func notice(_ text: String) -> String { "<div class=\"notice\" role=\"status\">\(esc(text))</div>" }

    /// A table with a caption; cells are escaped unless given as `Raw`.
    static func table(caption: String, headers: [String], rows: [[Cell]], numeric: Set<Int> = []) -> String {
        let head = headers.enumerated().map { "<th scope=\"col\"\(numeric.contains($0.offset) ? " class=\"num\"" : "")>\(esc($0.element))</th>" }.joined()
        let body = rows.map { row in
            "<tr>" + row.enumerated().map { i, c in
                let cls = numeric.contains(i) ? " class=\"num\"" : ""
                return i == 0 ? "<th scope=\"row\"\(cls)>\(c.html)</th>" : "<td\(cls)>\(c.html)</td>"
            }.joined() + "</tr>"
        }.joined()
        return "<table class=\"table\"><caption>\(esc(caption))</caption><thead><tr>\(head)</tr></thead><tbody>\(body)</tbody></table>"
    }

    /// A table cell: text (escaped) or markup made by this code.
    enum Cell: ExpressibleByStringLiteral {
        case text(String), raw(String)
        init(stringLiteral s: String) { self = .text(s) }
        var html: String { switch self { case .text(let s): esc(s); case .raw(let s): s } }
    }

    /// A key–value list.
    static func summary(_ items: [(String, String)]) -> String {
        "<dl class=\"summary\">" + items.map { "<div><dt>\(esc($0.0))</dt><dd>\(esc($0.1))</dd></div>" }.joined() + "</dl>"
    }

    /// A POST form of one button (with the CSRF token), for an action on this page.
    static func button(_ label: String, action: String, csrf: String, fields: [(String, String)] = [], secondary: Bool = false, id: String? = nil) -> String {
        let hidden = fields.map { "<input type=\"hidden\" name=\"\(esc($0.0))\" value=\"\(esc($0.1))\">" }.joined()
        let idAttribute = id.map { " id=\"\(esc($0))\"" } ?? ""
        return "<form method=\"post\" action=\"\(esc(action))\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"\(esc(csrf))\">\(hidden)<button class=\"button\(secondary ? " secondary" : "")\"\(idAttribute)>\(esc(label))</button></form>"
    }

    static func link(_ text: String, _ href: String) -> String { "<a href=\"\(esc(href))\">\(esc(text))</a>" }

    /// A status as a tag.
    static func tag(_ status: String) -> String { "<strong class=\"tag tag-\(esc(status.lowercased().replacingOccurrences(of: " ", with: "-")))\">\(esc(status))</strong>" }

    static func date(_ d: Date?) -> String {
        guard let d else { return "—" }
        return d.formatted(dateStyle)
    }

    /// "3 December 2026, 14:05", London time: built once (a formatter per call cost a page ~1 ms).
    static let dateStyle = Date.VerbatimFormatStyle(
        format: "\(day: .defaultDigits) \(month: .wide) \(year: .defaultDigits), \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits)",
        locale: Locale(identifier: "en_GB"), timeZone: TimeZone(identifier: "Europe/London") ?? .gmt, calendar: Calendar(identifier: .gregorian))
}
