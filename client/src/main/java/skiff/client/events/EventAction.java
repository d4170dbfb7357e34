package skiff.client.events;

import io.fabric8.kubernetes.api.model.Event;

/** What recording one occurrence of an event comes to: a new Event, or a higher count on one already written. */
public sealed interface EventAction {

    /** The Event as it should look after this occurrence. */
    Event event();

    record Create(Event event) implements EventAction {}

    /** Raise {@code event}'s count and lastTimestamp; if it expired meanwhile, create it as it is. */
    record Update(Event event) implements EventAction {}
}
