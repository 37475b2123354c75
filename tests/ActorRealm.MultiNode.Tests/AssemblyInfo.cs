// Each spec runs a whole realm of real actor systems on loopback with real timing: specs run one
// at a time so that they do not starve each other's failure detectors on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
