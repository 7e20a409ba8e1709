package dev.ferry.local.sns.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrBlockTest {

    @Test
    void ipv4NetworksOfEveryPrefixLength() {
        assertThat(CidrBlock.parse("0.0.0.0/0").contains("203.0.113.9")).isTrue();
        assertThat(CidrBlock.parse("192.168.1.7/32").contains("192.168.1.7")).isTrue();
        assertThat(CidrBlock.parse("192.168.1.7/32").contains("192.168.1.8")).isFalse();
        assertThat(CidrBlock.parse("172.16.0.0/12").contains("172.31.255.255")).isTrue();
        assertThat(CidrBlock.parse("172.16.0.0/12").contains("172.32.0.0")).isFalse();
    }

    @Test
    void ipv6NetworksWithCompressedNotation() {
        assertThat(CidrBlock.parse("::1/128").contains("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(CidrBlock.parse("fe80::/10").contains("febf::1")).isTrue();
        assertThat(CidrBlock.parse("fe80::/10").contains("fec0::1")).isFalse();
    }

    @Test
    void addressFamiliesDoNotMix() {
        assertThat(CidrBlock.parse("0.0.0.0/0").contains("::1")).isFalse();
        assertThat(CidrBlock.parse("::/0").contains("10.0.0.1")).isFalse();
    }

    @Test
    void malformedValuesNeverMatchAndMalformedNetworksAreRejected() {
        assertThat(CidrBlock.parse("10.0.0.0/8").contains("10.0.0.256")).isFalse();
        assertThat(CidrBlock.parse("10.0.0.0/8").contains("10.0.0")).isFalse();
        assertThat(CidrBlock.parse("10.0.0.0/8").contains("1:2:3")).isFalse();
        assertThatThrownBy(() -> CidrBlock.parse("300.0.0.0/8")).isInstanceOf(InvalidFilterPolicyException.class);
        assertThatThrownBy(() -> CidrBlock.parse("10.0.0.0/x")).isInstanceOf(InvalidFilterPolicyException.class);
        assertThatThrownBy(() -> CidrBlock.parse("::/129")).isInstanceOf(InvalidFilterPolicyException.class);
    }
}
