import Testing
@testable import LinkhavenCore

@Suite("TOTP (RFC 6238)")
struct TOTPTests {
    let secret = Array("12345678901234567890".utf8)

    @Test(arguments: [(Int64(59), "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"), (1_234_567_890, "89005924"),
                      (2_000_000_000, "69279037"), (20_000_000_000, "65353130")])
    func rfcVectors(time: Int64, code: String) {
        #expect(TOTP.code(secret: secret, time: time, digits: 8) == code)
    }

    @Test func verifiesWithinOneStepOfDriftOnly() {
        let now: Int64 = 1_700_000_000
        let code = TOTP.code(secret: secret, time: now)
        #expect(code.count == 6)
        #expect(TOTP.verify(code, secret: secret, time: now))
        #expect(TOTP.verify(code, secret: secret, time: now + 30))
        #expect(!TOTP.verify(code, secret: secret, time: now + 90))
        #expect(!TOTP.verify("000000", secret: secret, time: now) || code == "000000")
    }

    @Test func base32RoundTripsAndURI() {
        let s = TOTP.generateSecret()
        #expect(s.count == 20)
        #expect(TOTP.decodeBase32(TOTP.base32(s)) == s)
        #expect(TOTP.base32(Array("foobar".utf8)) == "MZXW6YTBOI")
        #expect(TOTP.provisioningURI(secret: s, account: "ann@council.gov.uk").hasPrefix("otpauth://totp/Linkhaven:ann@council.gov.uk?secret="))
    }
}
