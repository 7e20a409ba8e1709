package dev.ferry.local.provision;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhysicalNamesTest {

    @Test
    void generatedNameIsStackLogicalIdAndAStableSuffix() {
        String name = PhysicalNames.generate("FerryData", "OrdersTable315BB997", 255, "");
        assertThat(name).matches("FerryData-OrdersTable315BB997-[A-Z0-9]{12}");
        assertThat(PhysicalNames.generate("FerryData", "OrdersTable315BB997", 255, "")).isEqualTo(name);
        assertThat(PhysicalNames.generate("FerryData", "AuditTable", 255, "")).isNotEqualTo(name);
    }

    @Test
    void longNamesAreTrimmedToTheTypesLimitAndFifoQueuesKeepTheirSuffix() {
        String stack = "AVeryLongStackNameThatKeepsGoingOnAndOnForAWhile";
        String logical = "AccountCommandsQueueWithAnEvenLongerLogicalIdentifier0C9D8B7A";
        String queue = PhysicalNames.generate(stack, logical, 80, ".fifo");
        assertThat(queue).hasSizeLessThanOrEqualTo(80).endsWith(".fifo").startsWith("AVeryLongStack").contains("-AccountCommands");
        String function = PhysicalNames.generate(stack, logical, 64, "");
        assertThat(function).hasSizeLessThanOrEqualTo(64).matches("AVeryLong\\w*-AccountCommands\\w*-[A-Z0-9]{12}");
    }

    @Test
    void idsAreLowerCaseAlphanumeric() {
        assertThat(PhysicalNames.id("FerryApp/FerryApi", 10)).matches("[a-z0-9]{10}");
    }
}
