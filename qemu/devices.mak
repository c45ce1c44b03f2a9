# The devices qemu-system-x86_64 is built with (scripts/build-qemu): the
# pc and q35 machines with what they select, the IOMMU, and the NIC.
CONFIG_I440FX=y
CONFIG_Q35=y
CONFIG_VTD=y
CONFIG_IXGBE_PCI=y
