package cn.jining.census.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class TokenHashTest {

    @Test
    void hashIsSha256HexOfTheToken() {
        // sha256("abc") from FIPS 180-2, appendix B.1
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", TokenHash.sha256("abc"));
    }

    @Test
    void newTokensAreLongAndDistinct() {
        String a = TokenHash.newToken();
        assertEquals(43, a.length());
        assertNotEquals(a, TokenHash.newToken());
    }
}
