package skiff.controllers.garbagecollector;

/** One owner reference of a dependent and what it was found to lead to. */
record ResolvedOwner(String uid, OwnerState state) {}
