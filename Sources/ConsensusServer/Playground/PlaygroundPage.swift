import Foundation
import Hummingbird
import NIOCore

/// `GET /`: the playground, one self-contained page (HTML, CSS and a little plain JavaScript)
/// on which a person types a question and its candidates, ranks them through this server's
/// `POST /v1/rank`, and sees each method's pick, P(correct) per candidate, the initial and the
/// equilibrium policies of both players, the exploitability over the iterations and the cost.
///
/// The page loads nothing from anywhere (its Content-Security-Policy lets it talk to this server
/// only), so it works offline and in front of a remote engine alike. It is served without the
/// API key; with `--api-key` it asks for the key and sends it as the Bearer token of each call.
/// The markup, the style and the script are in ``PlaygroundMarkup``, ``PlaygroundStyle`` and
/// ``PlaygroundScript``; docs/serve.md describes the page.
enum PlaygroundPage {
    /// The whole page: the markup with the style and the script written in.
    static let html: String = PlaygroundMarkup.text
        .replacingOccurrences(of: "/*{{style}}*/", with: PlaygroundStyle.text)
        .replacingOccurrences(of: "/*{{script}}*/", with: PlaygroundScript.text)

    /// Only inline style and script, and calls to this server: nothing from another host.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'"

    /// The answer to `GET /`.
    static func response() -> Response {
        let headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8", .cacheControl: "no-cache",
            .contentSecurityPolicy: contentSecurityPolicy, .xContentTypeOptions: "nosniff",
        ]
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
