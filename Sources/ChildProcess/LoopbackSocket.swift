#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP socket connected to 127.0.0.1:`port`: what the benchmarks' probes and the server tests' raw
/// connections talk HTTP over, byte for byte (an idle socket, a request timed alone).
public enum LoopbackSocket {
    public struct ConnectError: Error, CustomStringConvertible {
        public var port: Int
        public var errno: Int32
        public var description: String { "cannot connect to 127.0.0.1:\(port) (errno \(errno))" }
    }

    /// The connected descriptor (the caller closes it); `noDelay` turns Nagle off, for small timed requests; `source`, a
    /// loopback address other than 127.0.0.1 to connect from (a second client, as the server counts addresses).
    public static func connect(port: Int, noDelay: Bool = false, source: String? = nil) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ConnectError(port: port, errno: errno) }
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(source)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else {
                let error = errno
                close(fd)
                throw ConnectError(port: port, errno: error)
            }
        }
        if noDelay {
            var on: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let error = errno
            close(fd)
            throw ConnectError(port: port, errno: error)
        }
        return fd
    }
}
