import Foundation

extension ChildProcess {
    /// The path of a product of this package built beside the running test bundle (.build/<triple>/debug or /release),
    /// so that `swift test` and `swift test -c release` each run the binary of their own configuration; nil when it
    /// was not built, with the folders searched.
    public static func builtProduct(_ name: String) -> (path: String?, searched: [String]) {
        var folders: [URL] = []
        if let executable = Bundle.main.executableURL { folders.append(executable.deletingLastPathComponent()) }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            folders.append(bundle.bundleURL.deletingLastPathComponent())   // macOS: the .xctest bundle sits in the products folder
        }
        if let first = CommandLine.arguments.first { folders.append(URL(fileURLWithPath: first).deletingLastPathComponent()) }
        let found = folders.map { $0.appendingPathComponent(name).path }.first { FileManager.default.isExecutableFile(atPath: $0) }
        return (found, Set(folders.map(\.path)).sorted())
    }
}
