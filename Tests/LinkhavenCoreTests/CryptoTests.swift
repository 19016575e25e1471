import Crypto
import Foundation
import Testing
@testable import LinkhavenCore

@Suite("Keys, tokens and digests")
struct CryptoTests {
    @Test func sipHashReferenceVectors() {
        let sip = SipHash(keyBytes: Array(0..<16))
        #expect(sip.hash64([]) == 0x726fdb47dd0e0e31)
        #expect(sip.hash64(Array(0..<15)) == 0xa129ca6149be45e5)
        let (lo, hi) = sip.hash128([])
        var bytes: [UInt8] = []
        withUnsafeBytes(of: lo.littleEndian) { bytes += $0 }
        withUnsafeBytes(of: hi.littleEndian) { bytes += $0 }
        #expect(Hex.encode(bytes) == "a3817f04ba25a8e66df67214c7550293")
    }

    @Test func openPseudonymiserReferenceVector() throws {
        let op = try #require(OpenPseudonymiserDigest(salt: "mackerel"))
        let digest = op.digest([(column: "NHSNumber", value: "943 476 5919"), (column: "DOB", value: "29.11.1973")])
        #expect(digest == "ED72F814B7905F3D3958749FA90FE657C101EC657402783DB68CBE3513E76087")
        let reordered = op.digest([(column: "DOB", value: "29.11.1973"), (column: "NHSNumber", value: "943 476 5919")])
        #expect(reordered == digest)
        #expect(OpenPseudonymiserDigest(salt: "  ") == nil)
    }

    @Test func tokensAreDeterministicPerKeyAndField() {
        let secret = SecretKey(bytes: Array(repeating: 7, count: 32))
        let a = secret.projectKey(project: "p1"), b = secret.projectKey(project: "p2")
        var t1 = TokenEncoder(key: a.tokenKey(field: "surname"))
        var t2 = TokenEncoder(key: a.tokenKey(field: "surname"))
        var other = TokenEncoder(key: b.tokenKey(field: "surname"))
        var field = TokenEncoder(key: a.tokenKey(field: "given_name"))
        let tok = t1.token("smith")
        #expect(tok == t2.token("smith"))
        #expect(tok.count == TokenEncoder.length && TokenEncoder.isWellFormed(tok))
        #expect(tok != other.token("smith"), "another project gives another pseudonym")
        #expect(tok != field.token("smith"), "another field gives another pseudonym")
        #expect(t1.token("smyth") != tok)
        #expect(!TokenEncoder.isWellFormed("Smith") && !TokenEncoder.isWellFormed(String(tok.dropLast()) + "!"))
    }

    /// Property: over many values, no two distinct values share a token and the cache never changes a result.
    @Test func tokensDoNotCollideAndCacheIsTransparent() {
        let key = SymmetricKey(data: Array(repeating: UInt8(1), count: 32))
        var cached = TokenEncoder(key: key, cacheLimit: 100)
        var uncached = TokenEncoder(key: key, cacheLimit: 0)
        var seen: [String: String] = [:]
        for i in 0..<5000 {
            let v = "value-\(i % 3000)"
            let t = cached.token(v)
            #expect(t == uncached.token(v))
            if let prior = seen[t] { #expect(prior == v) }
            seen[t] = v
        }
        #expect(seen.count == 3000)
    }

    @Test func keyFileRoundTripAndPermissions() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lhkey-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let key = SecretKey.generate()
        try key.write(to: dir + "/k")
        let mode = (try FileManager.default.attributesOfItem(atPath: dir + "/k")[.posixPermissions] as! NSNumber).intValue
        #expect(mode == 0o600)
        #expect(try SecretKey.read(from: dir + "/k").fingerprint == key.fingerprint)
        #expect(throws: KeyError.exists(path: dir + "/k")) { try key.write(to: dir + "/k") }
        let text = try String(contentsOfFile: dir + "/k", encoding: .utf8)
        #expect(!text.contains(key.fingerprint), "the file holds the key, not its fingerprint")
        chmod(dir + "/k", 0o640)
        #expect(throws: KeyError.self) { try SecretKey.read(from: dir + "/k") }
        try "hello\n".write(toFile: dir + "/bad", atomically: true, encoding: .utf8)
        chmod(dir + "/bad", 0o600)
        #expect(throws: KeyError.malformed(path: dir + "/bad")) { try SecretKey.read(from: dir + "/bad") }
    }

    @Test func fingerprintsDifferAndRevealNothingObvious() {
        let a = SecretKey.generate(), b = SecretKey.generate()
        #expect(a.fingerprint != b.fingerprint)
        #expect(a.fingerprint.hasPrefix("lh1:") && a.fingerprint.count == 28)
        #expect(a.projectKey(project: "x").fingerprint != a.fingerprint)
    }

    @Test func constantTimeEquality() {
        #expect(ConstantTime.equal([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equal([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equal([1, 2, 3], [1, 2]))
    }

    @Test func base64URLRoundTrips() {
        for n in 0..<40 {
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
        #expect(Base64URL.decode("a") == nil && Base64URL.decode("ab=c") == nil)
    }

    @Test func soundex() {
        #expect(Soundex.encode("Robert") == "R163")
        #expect(Soundex.encode("Rupert") == "R163")
        #expect(Soundex.encode("Ashcraft") == "A261")
        #expect(Soundex.encode("Tymczak") == "T522")
        #expect(Soundex.encode("Pfister") == "P236")
        #expect(Soundex.encode("Lee") == "L000")
        #expect(Soundex.encode("") == "")
    }
}

@Suite("HMAC-SHA256 with precomputed states")
struct HMACTests {
    /// Property: agrees with swift-crypto's HMAC for keys and messages of every length that matters
    /// (around the 55/64-byte padding boundaries, and long keys that are hashed first).
    @Test func agreesWithSwiftCrypto() {
        var state: UInt64 = 99
        for keyLength in [0, 1, 16, 32, 63, 64, 65, 100] {
            let keyBytes = (0..<keyLength).map { _ in UInt8(truncatingIfNeeded: CLKEncoder.splitmix(&state)) }
            let key = SymmetricKey(data: keyBytes)
            let mine = HMACSHA256(key: key)
            for length in Array(0...130) + [200, 1000] {
                let message = (0..<length).map { _ in UInt8(truncatingIfNeeded: CLKEncoder.splitmix(&state)) }
                let expected = Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
                let got = message.withUnsafeBytes { mine.mac($0) }.prefix(32)
                #expect(got == expected, "key \(keyLength) message \(length)")
            }
        }
    }

    @Test func rfc4231TestCase2() {
        let mac = HMACSHA256(key: SymmetricKey(data: Array("Jefe".utf8))).mac("what do ya want for nothing?")
        #expect(Hex.encode(mac.prefix(32)) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }
}
