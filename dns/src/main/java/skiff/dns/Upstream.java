package skiff.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Address;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

/**
 * The host's resolvers, to which names outside the cluster go (CoreDNS' {@code forward . /etc/resolv.conf}): over
 * UDP, again over TCP when the answer is truncated (dnsjava's SimpleResolver does both), SERVFAIL when none
 * answers.
 */
public final class Upstream implements Function<Message, Message> {
    private static final Logger LOG = LoggerFactory.getLogger(Upstream.class);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private final List<InetSocketAddress> servers;
    private final Resolver resolver;

    public Upstream(List<InetSocketAddress> servers, Duration timeout) {
        this.servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            this.resolver = null;
            return;
        }
        List<Resolver> resolvers = new ArrayList<>();
        for (InetSocketAddress server : servers) {
            SimpleResolver simple = new SimpleResolver(server);
            simple.setTimeout(timeout);
            resolvers.add(simple);
        }
        ExtendedResolver extended = new ExtendedResolver(resolvers);
        extended.setTimeout(timeout);
        extended.setRetries(1);
        this.resolver = extended;
    }

    /** The nameservers of a resolv.conf (resolv.conf(5): {@code nameserver ADDRESS}, port 53). */
    public static Upstream fromResolvConf(Path resolvConf) {
        List<InetSocketAddress> servers = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(resolvConf)) {
                String[] words = line.trim().split("\\s+");
                if (words.length >= 2 && words[0].equals("nameserver")) {
                    try {
                        servers.add(new InetSocketAddress(Address.getByAddress(words[1].replaceFirst("%.*", "")),
                                53));
                    } catch (java.net.UnknownHostException e) {
                        LOG.warn("{}: ignoring nameserver {}: not an address", resolvConf, words[1]);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            LOG.warn("{} does not exist: names outside the cluster domain will fail (SERVFAIL)", resolvConf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resolvConf, e);
        }
        return new Upstream(servers, DEFAULT_TIMEOUT);
    }

    public List<InetSocketAddress> servers() {
        return servers;
    }

    /** The upstream's answer with the query's id, or SERVFAIL. */
    @Override
    public Message apply(Message query) {
        if (resolver != null) {
            try {
                Message response = resolver.send(query.clone());
                response.getHeader().setID(query.getHeader().getID());
                return response;
            } catch (IOException | RuntimeException e) {
                LOG.debug("upstream failed for {}: {}", query.getQuestion(), e.toString());
            }
        }
        return failure(query, Rcode.SERVFAIL);
    }

    /** A response to {@code query} with only its question and the given code; the opcode echoed (RFC 1035 4.1.1). */
    static Message failure(Message query, int rcode) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setOpcode(query.getHeader().getOpcode());
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.getHeader().setFlag(Flags.RA);
        response.getHeader().setRcode(rcode);
        if (query.getQuestion() != null) {
            response.addRecord(query.getQuestion(), Section.QUESTION);
        }
        return response;
    }
}
