package skiff.dns;

import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/** One query in, one response out: the cluster's names from the zone, the rest from upstream. */
public final class DnsHandler implements Function<Message, Message> {
    private static final Logger LOG = LoggerFactory.getLogger(DnsHandler.class);

    private final KubernetesZone zone;
    private final Function<Message, Message> upstream;

    public DnsHandler(KubernetesZone zone, Function<Message, Message> upstream) {
        this.zone = zone;
        this.upstream = upstream;
    }

    @Override
    public Message apply(Message query) {
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            return Upstream.failure(query, Rcode.NOTIMP);
        }
        if (query.getSection(Section.QUESTION).size() != 1) {
            return Upstream.failure(query, Rcode.FORMERR);
        }
        try {
            return zone.answer(query, upstream).orElseGet(() -> upstream.apply(query));
        } catch (RuntimeException e) {
            LOG.warn("cannot answer {}: {}", query.getQuestion(), e.toString());
            return Upstream.failure(query, Rcode.SERVFAIL);
        }
    }
}
