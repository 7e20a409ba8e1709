package dev.ferry.local.dynamodb.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StringOrderTest {

    private static int byUtf8Bytes(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void stringsCompareAsTheirUtf8BytesDo() {
        Random random = new Random(42);
        int[] alphabet = {'a', 'b', 'Z', 0x7F, 0xE9, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF};
        for (int i = 0; i < 20_000; i++) {
            String a = randomString(random, alphabet);
            String b = randomString(random, alphabet);
            assertThat(Integer.signum(Value.compare(new Value.S(a), new Value.S(b))))
                    .as("%s vs %s", a, b).isEqualTo(Integer.signum(byUtf8Bytes(a, b)));
        }
    }

    @Test
    void aCharacterAboveTheBasicPlaneSortsAfterEveryCharacterOfIt() {
        String emoji = new String(Character.toChars(0x1F600));
        assertThat(Value.compare(new Value.S(emoji), new Value.S("\uFFFD"))).isPositive();
        assertThat("\uFFFD".compareTo(emoji)).as("UTF-16 order says otherwise").isPositive();
    }

    private static String randomString(Random random, int[] alphabet) {
        StringBuilder sb = new StringBuilder();
        int length = random.nextInt(4);
        for (int i = 0; i < length; i++) sb.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
        return sb.toString();
    }
}
