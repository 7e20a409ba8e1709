package dev.ferry.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void aPortSomethingListensOnIsTaken() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThat(Ports.isFree(listener.getLocalPort())).isFalse();
        }
    }

    @Test
    void aPortWhoseLastRunLeftConnectionsInTimeWaitIsFreeForTheNextUp() throws IOException {
        int port;
        try (ServerSocket listener = new ServerSocket()) {
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = listener.getLocalPort();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port); Socket served = listener.accept()) {
                // The server's side closes first, as a stopping `up` does: its end of the connection stays in
                // TIME_WAIT, bound to the port, after the listener is gone.
                served.close();
                client.getInputStream().read();
            }
        }
        assertThat(Ports.isFree(port)).isTrue();
    }
}
