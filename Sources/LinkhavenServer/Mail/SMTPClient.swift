import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal SMTP client (RFC 5321: EHLO, MAIL FROM, RCPT TO, DATA, QUIT) for a relay on a trusted
/// network, blocking, with a timeout on every read and write. Run it off the event loops.
struct SMTPClient {
    let host: String, port: UInt16, timeout: Int = 15

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// Sends one message; throws with the relay's answer when it refuses.
    func send(from: String, to: String, subject: String, body: String, messageID: String, date: Date) throws {
        for address in [from, to] where address.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "<" || $0 == ">" }) || !address.contains("@") {
            throw Failure(description: "not an e-mail address")
        }
        let fd = try connect()
        defer { close(fd) }
        var reader = LineReader(fd: fd)
        try expect(&reader, 220)
        try command(fd, &reader, "EHLO linkhaven", 250)
        try command(fd, &reader, "MAIL FROM:<\(from)>", 250)
        try command(fd, &reader, "RCPT TO:<\(to)>", 250)
        try command(fd, &reader, "DATA", 354)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX"); formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let headers = ["From: Linkhaven <\(from)>", "To: <\(to)>", "Subject: \(Self.header(subject))", "Date: \(formatter.string(from: date))",
                       "Message-ID: <\(messageID)@linkhaven>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
                       "Content-Transfer-Encoding: 8bit"]
        // Dot-stuffing: a line that starts with "." gets another.
        let lines = body.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") ? "." + $0 : String($0) }
        try write(fd, (headers + [""] + lines).joined(separator: "\r\n") + "\r\n.\r\n")
        try expect(&reader, 250)
        try? write(fd, "QUIT\r\n")
    }

    /// A header value on one line, encoded (RFC 2047) when it is not plain ASCII.
    static func header(_ text: String) -> String {
        let line = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        guard line.unicodeScalars.contains(where: { !$0.isASCII }) else { return line }
        return "=?utf-8?B?" + Data(line.utf8).base64EncodedString() + "?="
    }

    private func connect() throws -> Int32 {
        var hints = addrinfo(ai_flags: 0, ai_family: AF_UNSPEC, ai_socktype: Int32(SOCK_STREAM.rawValue), ai_protocol: 0, ai_addrlen: 0,
                             ai_addr: nil, ai_canonname: nil, ai_next: nil)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { throw Failure(description: "cannot resolve the relay \(host)") }
        defer { freeaddrinfo(list) }
        let fd = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard fd >= 0 else { throw Failure(description: "no socket") }
        var tv = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        guard Glibc.connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            close(fd); throw Failure(description: "cannot connect to the relay \(host):\(port)")
        }
        return fd
    }

    private func write(_ fd: Int32, _ text: String) throws {
        let bytes = Array(text.utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + off, bytes.count - off, Int32(MSG_NOSIGNAL)) }
            if n < 0 { if errno == EINTR { continue }; throw Failure(description: "the relay stopped listening") }
            off += n
        }
    }

    private func command(_ fd: Int32, _ reader: inout LineReader, _ line: String, _ code: Int) throws {
        try write(fd, line + "\r\n")
        try expect(&reader, code)
    }

    /// Reads a reply (its last line is "NNN " + text) and checks its code.
    private func expect(_ reader: inout LineReader, _ code: Int) throws {
        while true {
            let line = try reader.line()
            guard line.count >= 3, let got = Int(line.prefix(3)) else { throw Failure(description: "the relay answered out of protocol") }
            if line.count > 3, line[line.index(line.startIndex, offsetBy: 3)] == "-" { continue }
            guard got == code else { throw Failure(description: "the relay refused: \(line.prefix(200))") }
            return
        }
    }

    /// CRLF-terminated lines from a socket.
    struct LineReader {
        let fd: Int32
        var buffer: [UInt8] = []

        mutating func line() throws -> String {
            while true {
                if let i = buffer.firstIndex(of: 0x0A) {
                    let line = String(decoding: buffer[..<i].filter { $0 != 0x0D }, as: UTF8.self)
                    buffer.removeSubrange(...i)
                    return line
                }
                var chunk = [UInt8](repeating: 0, count: 1024)
                let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, 1024, 0) }
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { throw Failure(description: "the relay closed the connection or timed out") }
                buffer += chunk[..<n]
                guard buffer.count < 65_536 else { throw Failure(description: "the relay's reply is too long") }
            }
        }
    }
}
