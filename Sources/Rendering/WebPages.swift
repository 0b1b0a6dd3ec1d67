import WorkPlan

/// The server's web pages for focal points (DESIGN §9): plain HTML forms that work without
/// JavaScript, every control labelled, every form with its CSRF token, user text escaped.
public enum WebPages {
    /// A page of the site: the heading, the navigation for a signed-in user (with the sign-out
    /// form), and `body`.
    public static func page(title: String, user: String?, csrf: String?, body: String) -> String {
        var navigation = ""
        if let user, let csrf {
            navigation = """
                <nav aria-label="Site"><a href="/">Dashboard</a>
                <form method="post" action="/sign-out" class="inline"><input type="hidden" name="csrf" value="\(HTML.escape(csrf))">\
                <span class="who">\(HTML.escape(user))</span> <button type="submit">Sign out</button></form></nav>

                """
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title)) — mawp</title>
            <style>\(HTMLReport.stylesheet)
            \(stylesheet)</style>
            </head>
            <body>
            <header>
            <p class="site">\(HTML.escape(ReportView.title))</p>
            \(navigation)</header>
            <main id="main">
            \(body)</main>
            </body>
            </html>

            """
    }

    /// The sign-in form; after a failed attempt, the name kept and the error beside it.
    public static func signIn(csrf: String, next: String, user: String, error: String?) -> String {
        let problem = error.map { "<p class=\"error\" id=\"sign-in-error\" role=\"alert\">\(HTML.escape($0))</p>\n" } ?? ""
        let described = error == nil ? "" : " aria-describedby=\"sign-in-error\" aria-invalid=\"true\""
        return page(title: "Sign in", user: nil, csrf: nil, body: """
            <h1>Sign in</h1>
            <form method="post" action="/sign-in" class="form">
            <input type="hidden" name="csrf" value="\(HTML.escape(csrf))">
            <input type="hidden" name="next" value="\(HTML.escape(next))">
            <p><label for="user">User name</label>
            <input id="user" name="user" type="text" autocomplete="username" required value="\(HTML.escape(user))"\(described)></p>
            <p><label for="password">Password</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required\(described)></p>
            \(problem)<p><button type="submit">Sign in</button></p>
            </form>

            """)
    }

    /// The dashboard: the live HTML report with a form for its date.
    public static func dashboard(_ dashboard: Dashboard, user: String, csrf: String, comparison: Comparison? = nil) -> String {
        let asOf = dashboard.report.asOf
        var chair = ""
        if let term = dashboard.report.chair {
            chair = "<p class=\"meta\" id=\"chair\">GMG chair: <strong>\(HTML.escape(term.agencyName))</strong> (\(HTML.escape(term.agency)))</p>\n"
        }
        let sample = dashboard.report.isSample ? "<p class=\"sample\" id=\"sample\">\(HTML.escape(ReportView.sampleNotice))</p>\n" : ""
        return page(title: "Progress as of \(asOf)", user: user, csrf: csrf, body: """
            <h1>Progress as of <span id="as-of">\(asOf)</span></h1>
            \(chair)\(sample)<form method="get" action="/" class="form inline-form">
            <p><label for="asOf">As of</label> <input id="asOf" name="asOf" type="date" value="\(asOf)"> <button type="submit">Show</button></p>
            </form>
            \(HTMLReport.sections(dashboard, comparison: comparison))
            """)
    }

    /// A page that says what went wrong (a refused form, an unknown page).
    public static func problem(title: String, detail: String, user: String?, csrf: String?) -> String {
        page(title: title, user: user, csrf: csrf, body: "<h1>\(HTML.escape(title))</h1>\n<p>\(HTML.escape(detail))</p>\n<p><a href=\"/\">Back to the dashboard</a></p>\n")
    }

    static let stylesheet = """
        .site{font-weight:700;margin:0 0 .5rem}
        nav{display:flex;gap:1rem;align-items:center;flex-wrap:wrap;margin-bottom:1rem}
        nav a{color:var(--accent)}
        .inline{display:inline;margin-left:auto}
        .who{color:var(--muted)}
        .form label{display:block;font-weight:600;margin-bottom:.2rem}
        .inline-form label{display:inline;margin-right:.4rem}
        input,button{font:inherit;padding:.4rem .6rem;border:1px solid var(--muted);border-radius:.3rem}
        button{background:var(--accent);color:#fff;border-color:var(--accent);cursor:pointer}
        :focus-visible{outline:3px solid #e0a800;outline-offset:2px}
        .error{color:var(--late);font-weight:600}
        """
}
