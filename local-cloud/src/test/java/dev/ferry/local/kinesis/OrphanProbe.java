package dev.ferry.local.kinesis;

/**
 * Run in a separate JVM by {@link KinesisServiceTest}: starts kinesis-mock, prints its pid, then waits to
 * be killed, so the test can check what happens to the node process when its JVM dies.
 */
public final class OrphanProbe {

    private OrphanProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        KinesisService service = KinesisService.start(KinesisSettings.defaults().withEngine(KinesisSettings.Engine.KINESIS_MOCK));
        System.out.println("node-pid=" + service.pid());
        System.out.flush();
        Thread.sleep(120_000);
        service.close();
    }
}
