import ChildProcess
import Foundation
import XCTest

/// Headless Chromium on a page of the test server: its DOM once the page is idle, or a screenshot, and the
/// wall-clock time between two of the page's console marks.
///
/// `--virtual-time-budget` is what makes `--dump-dom` wait for the page's fetches (without it Chromium dumps at the
/// load event, before any layer arrives), but it also runs the page on a virtual clock: performance.now() and
/// Date.now() stand still while the page waits on the network or runs script, so the page's own
/// `data-first-render-ms` is no measurement there. Chromium's log (`--enable-logging=stderr`) stamps each
/// `console.log` line with the browser process's real clock, so the time from the page's `maillage:navigation`
/// mark (first line of its <head>) to `maillage:first-render` is real time: fetching the layers, the server's
/// answers, building the Leaflet layers and drawing them.
struct HeadlessChromium {
    var width = 1400
    var height = 900

    struct Page {
        let status: Int32
        let dom: String
        let log: String

        /// The `data-*` attributes of `<body>`, where the page reports what it drew.
        var body: [String: String] {
            guard let start = dom.range(of: "<body"), let end = dom[start.upperBound...].firstIndex(of: ">") else { return [:] }
            let tag = String(dom[start.upperBound..<end])
            var attributes: [String: String] = [:]
            for match in tag.matches(of: /data-([a-z-]+)="([^"]*)"/) { attributes[String(match.output.1)] = String(match.output.2) }
            return attributes
        }

        func number(_ attribute: String) -> Int? { body[attribute].flatMap { Int($0) } }
        var loaded: Bool { body["loaded"] == "true" }

        /// How many elements have a class attribute starting with `prefix` ("cpts status-", "white-zone").
        func count(classPrefix prefix: String) -> Int { dom.components(separatedBy: "class=\"\(prefix)").count - 1 }

        /// Wall-clock seconds from one console mark to the other, from Chromium's log stamps (`MMDD/HHMMSS.micro`).
        func seconds(from first: String, to last: String) -> Double? {
            guard let a = stamp(first), let b = stamp(last) else { return nil }
            return b >= a ? b - a : b + 86_400 - a
        }

        private func stamp(_ mark: String) -> Double? {
            for line in log.split(separator: "\n") where line.contains("\"\(mark)\"") {
                guard let match = line.firstMatch(of: /\d{4}\/(\d\d)(\d\d)(\d\d\.\d+):/),
                      let h = Double(match.output.1), let m = Double(match.output.2), let s = Double(match.output.3) else { continue }
                return h * 3600 + m * 60 + s
            }
            return nil
        }
    }

    static func require() throws {
        if ChildProcess.isInstalled("chromium") { return }
        if ProcessInfo.processInfo.environment["MAILLAGE_REQUIRE_VALIDATORS"] == "1" { XCTFail("chromium is required but not installed") }
        throw XCTSkip("chromium not installed")
    }

    /// Loads `url` until idle (or 60 s of virtual time) and returns its DOM; with `screenshot`, writes a PNG there too.
    func load(_ url: String, screenshot: String? = nil) throws -> Page {
        // A browser that hangs fails the test after two minutes instead of holding CI until its limit.
        let arguments = ["timeout", "120", "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=\(width),\(height)", "--virtual-time-budget=60000", "--enable-logging=stderr", "--v=0"]
        let run = try ChildProcess.capture("/usr/bin/env", arguments + ["--dump-dom", url])
        if let screenshot { _ = try ChildProcess.capture("/usr/bin/env", arguments + ["--screenshot=\(screenshot)", url]) }
        return Page(status: run.status, dom: run.standardOutputText, log: run.standardError)
    }
}
