namespace PartyActors.Runtime;

/// <summary>Anything that can be addressed through the runtime: grains and observers.</summary>
public interface IAddressable;

/// <summary>Marker for grain interfaces. Derive from one of the keyed variants.</summary>
public interface IGrain : IAddressable;

/// <summary>A grain identified by a string key.</summary>
public interface IGrainWithStringKey : IGrain;

/// <summary>A grain identified by a <see cref="Guid"/> key.</summary>
public interface IGrainWithGuidKey : IGrain;

/// <summary>A grain identified by a 64-bit integer key.</summary>
public interface IGrainWithIntegerKey : IGrain;

/// <summary>
/// Marker for observer interfaces: objects that receive notifications from grains. Observer
/// methods may return <c>void</c> (one-way) or a task.
/// </summary>
public interface IGrainObserver : IAddressable;
