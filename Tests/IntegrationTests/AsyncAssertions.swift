import XCTest

/// `XCTAssertThrowsError` for an expression that awaits (the store is async): XCTest's takes a synchronous autoclosure.
///
/// ```swift
/// await assertThrowsError(try await store.nearest(query)) { error in XCTAssertTrue(error is OrientationError) }
/// ```
func assertThrowsError<T>(_ expression: @autoclosure () async throws -> T, _ message: @autoclosure () -> String = "",
                          file: StaticString = #filePath, line: UInt = #line, _ handler: (_ error: Error) -> Void = { _ in }) async {
    do {
        _ = try await expression()
        let text = message()
        XCTFail("assertThrowsError failed: did not throw an error" + (text.isEmpty ? "" : " - " + text), file: file, line: line)
    } catch {
        handler(error)
    }
}
