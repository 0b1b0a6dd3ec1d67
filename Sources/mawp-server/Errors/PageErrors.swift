import Hummingbird
import Rendering
import WorkPlan

/// A page asked for without a session: the browser is sent to sign in, and back to `target`.
struct SignInFirst: Error {
    let target: String

    var response: Response {
        Reply.redirect("/sign-in?next=" + HTML.percentEncoded(target, keeping: "/-._~"))
    }
}

/// A page that refuses (403, 404, …): it says why, with the navigation of who asked.
struct PageProblem: Error {
    let status: HTTPResponse.Status
    let title: String
    let detail: String
    let who: Authenticated?
    let csrf: String?

    init(_ status: HTTPResponse.Status, title: String, detail: String, who: Authenticated? = nil, csrf: String? = nil) {
        self.status = status
        self.title = title
        self.detail = detail
        self.who = who
        self.csrf = csrf
    }

    var response: Response {
        Reply.html(WebPages.problem(title: title, detail: detail, user: who?.account, csrf: csrf), status: status)
    }

    /// 403: a form without its session's token (or a visitor's form without its own).
    static let formRefused = PageProblem(
        .forbidden, title: "Form refused",
        detail: "The form is out of date or not from this site (its security token does not match), so nothing was done. "
            + "Go back, reload the page and try again.")
}
