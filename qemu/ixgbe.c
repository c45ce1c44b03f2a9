/*
 * Intel 82599, X540 and X550 10GbE emulation: the PCI face (config space,
 * BARs, MSI and MSI-X, the network backend, reset). The datasheet is in
 * ixgbe_core.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bitops.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/range.h"
#include "qapi/error.h"
#include "hw/hw.h"
#include "hw/pci/msi.h"
#include "hw/pci/msix.h"
#include "hw/pci/pcie.h"
#include "hw/pci/pcie_regs.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "net/net.h"
#include "ixgbe_core.h"
#include "trace.h"

#define TYPE_IXGBE_BASE "ixgbe-base"
OBJECT_DECLARE_TYPE(IxgbeState, IxgbeClass, IXGBE_BASE)

struct IxgbeState {
    PCIDevice parent_obj;
    MemoryRegion mmio;
    MemoryRegion msix;
    NICConf conf;
    IxgbeCore core;
    bool test_capability;
    /*
     * Every part has both; a test turns one or both off (x-msix, x-msi)
     * to make the driver fall back to MSI or INTx, where it tests them.
     */
    bool use_msi;
    bool use_msix;
    /* QEMU's sender of the function's messages: ixgbe_msi_trigger wraps it */
    MSITriggerFunc *msi_trigger;
};

struct IxgbeClass {
    PCIDeviceClass parent_class;
    const IxgbeVariant *variant;
    DeviceRealize parent_realize;
};

/*
 * The 82599 is the KX4 backplane part: a backplane port has no PHY and no
 * SFP module for the driver to find, so the model needs neither.
 */
static const IxgbeVariant ixgbe_82599 = {
    .desc = "Intel 82599 10GbE (KX4 backplane), emulated for ixgbe",
    .device_id = 0x10F7,
    .subsystem_id = 0x000C,
    .mac = IXGBE_MAC_82599,
    .pcie_speed = PCI_EXP_LNKCAP_SLS_5_0GB,
    .pcie_width = 8,
};

/* The X540-T2 and X550-T2, the copper cards: their PHY is on MDIO */
static const IxgbeVariant ixgbe_x540 = {
    .desc = "Intel X540-T2 10GBASE-T, emulated for ixgbe",
    .device_id = 0x1528,
    .subsystem_id = 0x0001,
    .mac = IXGBE_MAC_X540,
    .phy_id = 0x01540200,       /* X540's own */
    .pcie_speed = PCI_EXP_LNKCAP_SLS_5_0GB,
    .pcie_width = 8,
};

static const IxgbeVariant ixgbe_x550 = {
    .desc = "Intel X550-T2 10GBASE-T, emulated for ixgbe",
    .device_id = 0x1563,
    .subsystem_id = 0x0001,
    .mac = IXGBE_MAC_X550,
    .phy_id = 0x01540223,       /* X550's own, revision 3 */
    .pcie_speed = PCI_EXP_LNKCAP_SLS_8_0GB,
    .pcie_width = 4,
};

/*
 * An access to BAR0 from within the device (ixgbe_core_enter): its own DMA,
 * or an MSI or MSI-X message (a memory write) that a guest aimed at BAR0.
 * QEMU 7.2 does not keep a device from being re-entered; a message aimed
 * at EICS would raise its own cause again, and again, until QEMU's stack
 * ran out. It is dropped (a read gets 0) and logged.
 */
static bool ixgbe_mmio_reentered(IxgbeState *s, hwaddr addr)
{
    if (!s->core.in_device) {
        return false;
    }
    qemu_log_mask(LOG_GUEST_ERROR, "ixgbe: access to register 0x%05"
                  HWADDR_PRIx " from within another (a DMA or an interrupt "
                  "message aimed at BAR0) dropped\n", addr);
    return true;
}

static uint64_t ixgbe_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    IxgbeState *s = opaque;
    uint64_t val;

    if (ixgbe_mmio_reentered(s, addr)) {
        return 0;
    }
    s->core.in_device = true;
    val = ixgbe_core_read(&s->core, addr);
    s->core.in_device = false;
    return val;
}

static void ixgbe_mmio_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    IxgbeState *s = opaque;

    if (ixgbe_mmio_reentered(s, addr)) {
        return;
    }
    s->core.in_device = true;
    ixgbe_core_write(&s->core, addr, val);
    s->core.in_device = false;
}

static const MemoryRegionOps ixgbe_mmio_ops = {
    .read = ixgbe_mmio_read,
    .write = ixgbe_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
    .impl = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
};

static bool ixgbe_nc_can_receive(NetClientState *nc)
{
    IxgbeState *s = qemu_get_nic_opaque(nc);

    return ixgbe_core_can_receive(&s->core);
}

/*
 * A frame can come from within the device too (a backend answering what
 * it sent at once): it is taken, and the device is left as it was.
 */
static ssize_t ixgbe_nc_receive(NetClientState *nc, const uint8_t *buf,
                                size_t size)
{
    IxgbeState *s = qemu_get_nic_opaque(nc);
    bool was_in = ixgbe_core_enter(&s->core);
    ssize_t ret = ixgbe_core_receive(&s->core, buf, size);

    ixgbe_core_leave(&s->core, was_in);
    return ret;
}

static void ixgbe_nc_link_status_changed(NetClientState *nc)
{
    IxgbeState *s = qemu_get_nic_opaque(nc);
    bool was_in = ixgbe_core_enter(&s->core);

    ixgbe_core_set_link_status(&s->core, !nc->link_down);
    ixgbe_core_leave(&s->core, was_in);
}

static NetClientInfo ixgbe_net_info = {
    .type = NET_CLIENT_DRIVER_NIC,
    .size = sizeof(NICState),
    .can_receive = ixgbe_nc_can_receive,
    .receive = ixgbe_nc_receive,
    .link_status_changed = ixgbe_nc_link_status_changed,
};

static bool ixgbe_test_reg_hit(uint32_t addr, int len, int reg)
{
    return ranges_overlap(addr, len, IXGBE_CAP_TEST + reg, 4);
}

static uint32_t ixgbe_test_reg(PCIDevice *d, int reg)
{
    return pci_get_long(d->config + IXGBE_CAP_TEST + reg);
}

static void ixgbe_set_test_reg(PCIDevice *d, int reg, uint32_t val)
{
    pci_set_long(d->config + IXGBE_CAP_TEST + reg, val);
}

/* What the tests read of their capability is the model's state */
static uint32_t ixgbe_read_config(PCIDevice *d, uint32_t addr, int len)
{
    IxgbeState *s = IXGBE_BASE(d);
    IxgbeFaults *f = &s->core.faults;

    if (s->test_capability &&
        ranges_overlap(addr, len, IXGBE_CAP_TEST, IXGBE_CAP_TEST_SIZE)) {
        ixgbe_set_test_reg(d, IXGBE_TEST_FAULT, f->armed);
        ixgbe_set_test_reg(d, IXGBE_TEST_INJECTED, f->injected);
        ixgbe_set_test_reg(d, IXGBE_TEST_LOOPED, f->looped);
        ixgbe_set_test_reg(d, IXGBE_TEST_RX_LEN, f->rx_len);
    }
    return pci_default_read_config(d, addr, len);
}

/* What a write to the config space starts in the device */
static void ixgbe_config_changed(IxgbeState *s, uint32_t addr, int len,
                                 bool was_master)
{
    PCIDevice *d = PCI_DEVICE(s);

    if (range_covers_byte(addr, len, PCI_COMMAND) &&
        (d->config[PCI_COMMAND] & PCI_COMMAND_MASTER)) {
        ixgbe_core_bus_master_changed(&s->core, !was_master);
    }
    if (msi_present(d) &&
        ranges_overlap(addr, len, IXGBE_CAP_MSI + PCI_MSI_FLAGS, 2)) {
        ixgbe_core_msi_changed(&s->core);
    }
    if (msix_present(d) &&
        ranges_overlap(addr, len, IXGBE_CAP_MSIX + PCI_MSIX_FLAGS, 2)) {
        ixgbe_core_msix_changed(&s->core);
    }
}

static void ixgbe_write_config(PCIDevice *d, uint32_t addr, uint32_t val,
                               int len)
{
    IxgbeState *s = IXGBE_BASE(d);
    IxgbeFaults *f = &s->core.faults;
    bool was_master = d->config[PCI_COMMAND] & PCI_COMMAND_MASTER;
    bool was_in;

    /* QEMU's MSI sends a message held while masked in here */
    was_in = ixgbe_core_enter(&s->core);
    pci_default_write_config(d, addr, val, len);
    ixgbe_config_changed(s, addr, len, was_master);
    ixgbe_core_leave(&s->core, was_in);
    if (!s->test_capability) {
        return;
    }
    if (ixgbe_test_reg_hit(addr, len, IXGBE_TEST_FAULT)) {
        ixgbe_fault_arm(f, ixgbe_test_reg(d, IXGBE_TEST_FAULT),
                        ixgbe_test_reg(d, IXGBE_TEST_ARG),
                        ixgbe_test_reg(d, IXGBE_TEST_FRAME));
    }
    if (ixgbe_test_reg_hit(addr, len, IXGBE_TEST_NVM)) {
        f->nvm = ixgbe_test_reg(d, IXGBE_TEST_NVM) & IXGBE_NVM_FLAGS;
    }
}

/*
 * The tests' capability (ixgbe_regs.h, IXGBE_CAP_TEST): writable from
 * FAULT to NVM, the counters read only. No Intel part has it, so only a
 * device created with x-test-capability=on does.
 */
static int ixgbe_test_cap_init(PCIDevice *d, Error **errp)
{
    int pos = pci_add_capability(d, PCI_CAP_ID_VNDR, IXGBE_CAP_TEST,
                                 IXGBE_CAP_TEST_SIZE, errp);

    if (pos < 0) {
        return pos;
    }
    d->config[pos + PCI_CAP_FLAGS] = IXGBE_CAP_TEST_SIZE;
    memset(d->wmask + pos + IXGBE_TEST_FAULT, 0xff,
           IXGBE_TEST_NVM + 4 - IXGBE_TEST_FAULT);
    return 0;
}

static void ixgbe_test_cap_exit(PCIDevice *d)
{
    if (IXGBE_BASE(d)->test_capability) {
        pci_del_capability(d, PCI_CAP_ID_VNDR, IXGBE_CAP_TEST_SIZE);
    }
}

/*
 * The part's own PCIe link, trained at its best, so the driver finds the
 * bandwidth it needs. LNKCAP's speed is the highest bit of LNKCAP2's
 * vector of speeds, every one up to it supported; LNKSTA's speed field has
 * the same encoding.
 */
static void ixgbe_pcie_link(PCIDevice *d, const IxgbeVariant *v)
{
    uint8_t *exp = d->config + IXGBE_CAP_PCIE;
    uint32_t lnkcap = pci_get_long(exp + PCI_EXP_LNKCAP);

    lnkcap &= ~(PCI_EXP_LNKCAP_SLS | PCI_EXP_LNKCAP_MLW);
    lnkcap |= v->pcie_speed | QEMU_PCI_EXP_LNKCAP_MLW(v->pcie_width);
    pci_set_long(exp + PCI_EXP_LNKCAP, lnkcap);
    pci_set_long(exp + PCI_EXP_LNKCAP2, MAKE_64BIT_MASK(1, v->pcie_speed));
    pci_set_word(exp + PCI_EXP_LNKCTL2, v->pcie_speed);     /* target */
    pci_set_word(exp + PCI_EXP_LNKSTA,
                 v->pcie_speed | QEMU_PCI_EXP_LNKSTA_NLW(v->pcie_width));
}

static void ixgbe_realize(PCIDevice *d, Error **errp)
{
    IxgbeState *s = IXGBE_BASE(d);
    const IxgbeVariant *v = IXGBE_BASE_GET_CLASS(d)->variant;

    /* LAN 1 of a dual-port part interrupts on INTB#, as the 82599 does */
    d->config[PCI_INTERRUPT_PIN] = 1 + (PCI_FUNC(d->devfn) & 1);

    memory_region_init_io(&s->mmio, OBJECT(s), &ixgbe_mmio_ops, s,
                          "ixgbe-mmio", IXGBE_MMIO_SIZE);
    pci_register_bar(d, 0, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64, &s->mmio);
    memory_region_init(&s->msix, OBJECT(s), "ixgbe-msix",
                       IXGBE_MSIX_BAR_SIZE);
    pci_register_bar(d, 4, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64, &s->msix);

    if (pcie_cap_init(d, IXGBE_CAP_PCIE, PCI_EXP_TYPE_ENDPOINT, 0,
                      errp) < 0) {
        return;
    }
    ixgbe_pcie_link(d, v);
    if (s->test_capability && ixgbe_test_cap_init(d, errp) < 0) {
        pcie_cap_exit(d);
        return;
    }
    /* Each capability goes to the list's head: the part's order, backwards */
    if (s->use_msix &&
        msix_init(d, IXGBE_MSIX_VECTORS, &s->msix, 4, IXGBE_MSIX_TABLE,
                  &s->msix, 4, IXGBE_MSIX_PBA, IXGBE_CAP_MSIX, errp) < 0) {
        ixgbe_test_cap_exit(d);
        pcie_cap_exit(d);
        return;
    }
    if (s->use_msi && msi_init(d, IXGBE_CAP_MSI, 1, true, true, errp) < 0) {
        msix_uninit(d, &s->msix, &s->msix);
        ixgbe_test_cap_exit(d);
        pcie_cap_exit(d);
        return;
    }
    for (int i = 0; s->use_msix && i < IXGBE_MSIX_VECTORS; i++) {
        msix_vector_use(d, i);
    }

    qemu_macaddr_default_if_unset(&s->conf.macaddr);
    s->core.owner = d;
    s->core.variant = v;
    memcpy(s->core.permanent_mac, s->conf.macaddr.a, ETH_ALEN);
    s->core.nic = qemu_new_nic(&ixgbe_net_info, &s->conf,
                               object_get_typename(OBJECT(s)),
                               DEVICE(d)->id, s);
    qemu_format_nic_info_str(qemu_get_queue(s->core.nic), s->conf.macaddr.a);
    ixgbe_core_realize(&s->core);
    ixgbe_core_set_link_status(&s->core,
                               !qemu_get_queue(s->core.nic)->link_down);
}

static void ixgbe_exit(PCIDevice *d)
{
    IxgbeState *s = IXGBE_BASE(d);

    ixgbe_core_unrealize(&s->core);
    qemu_del_nic(s->core.nic);
    for (int i = 0; s->use_msix && i < IXGBE_MSIX_VECTORS; i++) {
        msix_vector_unuse(d, i);
    }
    msix_uninit(d, &s->msix, &s->msix);
    msi_uninit(d);
    ixgbe_test_cap_exit(d);
    pcie_cap_exit(d);
}

/*
 * A PCI reset (a reboot, a new guest) forgets what a test armed or set:
 * only the driver's own resets (CTRL.RST) keep it, as the test needs.
 */
static void ixgbe_test_cap_reset(IxgbeState *s)
{
    PCIDevice *d = PCI_DEVICE(s);

    memset(&s->core.faults, 0, sizeof(s->core.faults));
    memset(d->config + IXGBE_CAP_TEST + IXGBE_TEST_FAULT, 0,
           IXGBE_CAP_TEST_SIZE - IXGBE_TEST_FAULT);
}

static void ixgbe_qdev_reset(DeviceState *dev)
{
    IxgbeState *s = IXGBE_BASE(dev);

    if (s->test_capability) {
        ixgbe_test_cap_reset(s);
    }
    ixgbe_core_power_on(&s->core);
}

/* Migration is not modelled: say so rather than lose state silently. */
static const VMStateDescription ixgbe_vmstate = {
    .name = "ixgbe",
    .unmigratable = 1,
};

static Property ixgbe_properties[] = {
    DEFINE_NIC_PROPERTIES(IxgbeState, conf),
    DEFINE_PROP_BOOL("x-test-capability", IxgbeState, test_capability, false),
    DEFINE_PROP_BOOL("x-msi", IxgbeState, use_msi, true),
    DEFINE_PROP_BOOL("x-msix", IxgbeState, use_msix, true),
    DEFINE_PROP_END_OF_LIST(),
};

/*
 * QEMU sends a message of the function's from outside the device too: one
 * it held while the vector was masked, when the guest unmasks it in the
 * MSI-X table (BAR4). Every message is sent from within the device.
 */
static void ixgbe_msi_trigger(PCIDevice *d, MSIMessage msg)
{
    IxgbeState *s = IXGBE_BASE(d);
    bool was_in = ixgbe_core_enter(&s->core);

    s->msi_trigger(d, msg);
    ixgbe_core_leave(&s->core, was_in);
}

/* PCI's realize, which sets the function's message sender, then ours */
static void ixgbe_qdev_realize(DeviceState *dev, Error **errp)
{
    IxgbeState *s = IXGBE_BASE(dev);
    PCIDevice *d = PCI_DEVICE(dev);
    Error *err = NULL;

    IXGBE_BASE_GET_CLASS(dev)->parent_realize(dev, &err);
    if (err) {
        error_propagate(errp, err);
        return;
    }
    s->msi_trigger = d->msi_trigger;
    d->msi_trigger = ixgbe_msi_trigger;
}

static void ixgbe_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);
    IxgbeClass *ic = IXGBE_BASE_CLASS(klass);
    const IxgbeVariant *v = data;

    ic->variant = v;
    k->realize = ixgbe_realize;
    k->exit = ixgbe_exit;
    k->config_read = ixgbe_read_config;
    k->config_write = ixgbe_write_config;
    k->vendor_id = PCI_VENDOR_ID_INTEL;
    k->device_id = v->device_id;
    k->subsystem_vendor_id = PCI_VENDOR_ID_INTEL;
    k->subsystem_id = v->subsystem_id;
    k->revision = 0x01;
    k->class_id = PCI_CLASS_NETWORK_ETHERNET;
    dc->desc = v->desc;
    dc->reset = ixgbe_qdev_reset;
    device_class_set_parent_realize(dc, ixgbe_qdev_realize,
                                    &ic->parent_realize);
    dc->vmsd = &ixgbe_vmstate;
    device_class_set_props(dc, ixgbe_properties);
    set_bit(DEVICE_CATEGORY_NETWORK, dc->categories);
}

static const TypeInfo ixgbe_types[] = {
    {
        .name = TYPE_IXGBE_BASE,
        .parent = TYPE_PCI_DEVICE,
        .instance_size = sizeof(IxgbeState),
        .class_size = sizeof(IxgbeClass),
        .abstract = true,
        .interfaces = (InterfaceInfo[]) {
            { INTERFACE_PCIE_DEVICE },
            { }
        },
    },
    {
        .name = "ixgbe-82599",
        .parent = TYPE_IXGBE_BASE,
        .class_init = ixgbe_class_init,
        .class_data = (void *)&ixgbe_82599,
    },
    {
        .name = "ixgbe-x540",
        .parent = TYPE_IXGBE_BASE,
        .class_init = ixgbe_class_init,
        .class_data = (void *)&ixgbe_x540,
    },
    {
        .name = "ixgbe-x550",
        .parent = TYPE_IXGBE_BASE,
        .class_init = ixgbe_class_init,
        .class_data = (void *)&ixgbe_x550,
    },
};

DEFINE_TYPES(ixgbe_types)
