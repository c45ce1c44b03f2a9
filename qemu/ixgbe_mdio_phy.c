/*
 * The 10GBASE-T PHY of the emulated X540 and X550, on the MAC's MDIO
 * interface, clause 45 only, at PHY address 0 of each port's own MDIO bus.
 *
 * What the ixgbe driver needs of it: mdio45_probe() finds a device in the
 * PMA/PMD MMD, the PHY identifier and the extended abilities (10GBASE-T,
 * 1000BASE-T) give the PHY type, the speed ability gives the link
 * capabilities, and the auto-negotiation
 * registers are written and read back; the link partner's base page
 * offers symmetric and asymmetric pause, so flow control resolves as with
 * a switch port. Every other register reads back as written (0 before),
 * and the reset and restart bits clear at once. Link state is the MAC's
 * (LINKS), not the PHY's: the driver reads it there; but a PHY in low
 * power (30.0 bit 11, which ixgbe_set_copper_phy_power() sets while the
 * port is down) has no link to give the MAC.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "ixgbe_mdio_phy.h"
#include "trace.h"

/* MSCA: the MDIO command */
#define MSCA_ADDR_MASK          0x0000FFFFu
#define MSCA_DEVAD_SHIFT        16
#define MSCA_DEVAD_MASK         0x1F
#define MSCA_PRTAD_SHIFT        21
#define MSCA_PRTAD_MASK         0x1F
#define MSCA_OP_SHIFT           26
#define MSCA_OP_MASK            0x3
#define MSCA_OP_ADDRESS         0
#define MSCA_OP_WRITE           1
#define MSCA_OP_READ_INC        2
#define MSCA_CLAUSE22           (1u << 28)
#define MSRWD_READ_SHIFT        16

#define PHY_PRTAD               0

/* Clause 45 MMDs and registers (IEEE 802.3 clause 45) */
#define MMD_PMAPMD              1
#define MMD_AN                  7
#define MMD_VEND1               30
#define REG_CTRL1               0x00
#define REG_CTRL1_RESET         (1u << 15)
#define REG_AN_CTRL1_RESTART    (1u << 9)
#define REG_VEND1_CTRL1_LOW_POWER (1u << 11)
#define REG_ID1                 0x02
#define REG_ID2                 0x03
#define REG_SPEED               0x04
#define REG_DEVS1               0x05
#define REG_DEVS2               0x06
#define REG_STAT2               0x08
#define REG_PMA_EXTABLE         0x0B
#define REG_AN_LP_BASE          0x13

static const struct {
    uint8_t devad;
    uint16_t reg;
    uint16_t val;
} ixgbe_phy_defaults[] = {
    { MMD_PMAPMD, REG_SPEED, 0x0031 },      /* 10G, 1000M, 100M */
    { MMD_PMAPMD, REG_DEVS1, 0x009A },      /* PMA/PMD, PCS, PHY XS, AN */
    { MMD_PMAPMD, REG_DEVS2, 0xC000 },      /* vendor MMDs 30, 31 */
    { MMD_PMAPMD, REG_STAT2, 0x8000 },      /* a device responds here */
    { MMD_PMAPMD, REG_PMA_EXTABLE, 0x0024 },    /* 10GBASE-T, 1000BASE-T */
    { MMD_AN, REG_AN_LP_BASE, 0x0C00 },     /* partner: pause, asym pause */
};

static uint16_t *ixgbe_phy_reg(IxgbePhy *phy, int devad, uint16_t reg,
                               bool create)
{
    for (int i = 0; i < phy->count; i++) {
        if (phy->regs[i].devad == devad && phy->regs[i].reg == reg) {
            return &phy->regs[i].val;
        }
    }
    if (!create) {
        return NULL;
    }
    if (phy->count == IXGBE_PHY_REGS) {
        qemu_log_mask(LOG_UNIMP, "ixgbe: PHY register %d.0x%04x not kept\n",
                      devad, reg);
        return NULL;
    }
    phy->regs[phy->count].devad = devad;
    phy->regs[phy->count].reg = reg;
    phy->regs[phy->count].val = 0;
    return &phy->regs[phy->count++].val;
}

static void ixgbe_phy_set(IxgbePhy *phy, int devad, uint16_t reg,
                          uint16_t val)
{
    uint16_t *slot = ixgbe_phy_reg(phy, devad, reg, true);

    if (slot) {
        *slot = val;
    }
}

void ixgbe_phy_reset(IxgbePhy *phy, uint32_t id)
{
    memset(phy, 0, sizeof(*phy));
    phy->id = id;
    if (!id) {
        return;
    }
    ixgbe_phy_set(phy, MMD_PMAPMD, REG_ID1, id >> 16);
    ixgbe_phy_set(phy, MMD_PMAPMD, REG_ID2, id & 0xffff);
    for (size_t i = 0; i < ARRAY_SIZE(ixgbe_phy_defaults); i++) {
        ixgbe_phy_set(phy, ixgbe_phy_defaults[i].devad,
                      ixgbe_phy_defaults[i].reg, ixgbe_phy_defaults[i].val);
    }
}

static uint16_t ixgbe_phy_read(IxgbePhy *phy, int devad, uint16_t reg)
{
    uint16_t *slot = ixgbe_phy_reg(phy, devad, reg, false);

    return slot ? *slot : 0;
}

static void ixgbe_phy_write(IxgbePhy *phy, int devad, uint16_t reg,
                            uint16_t val)
{
    /* A reset or an auto-negotiation restart is over at once */
    if (reg == REG_CTRL1) {
        val &= ~REG_CTRL1_RESET;
        if (devad == MMD_AN) {
            val &= ~REG_AN_CTRL1_RESTART;
        }
    }
    ixgbe_phy_set(phy, devad, reg, val);
}

bool ixgbe_phy_low_power(IxgbePhy *phy)
{
    return phy->id &&
           (ixgbe_phy_read(phy, MMD_VEND1, REG_CTRL1) &
            REG_VEND1_CTRL1_LOW_POWER);
}

uint32_t ixgbe_phy_command(IxgbePhy *phy, uint32_t msca, uint32_t msrwd)
{
    int devad = msca >> MSCA_DEVAD_SHIFT & MSCA_DEVAD_MASK;
    int prtad = msca >> MSCA_PRTAD_SHIFT & MSCA_PRTAD_MASK;
    int op = msca >> MSCA_OP_SHIFT & MSCA_OP_MASK;
    uint16_t *addr = &phy->addr[devad];
    uint16_t data;

    if (!phy->id || prtad != PHY_PRTAD || (msca & MSCA_CLAUSE22)) {
        /* Nothing drives the bus: a read gives all ones */
        return 0xffffu << MSRWD_READ_SHIFT | (msrwd & 0xffff);
    }
    switch (op) {
    case MSCA_OP_ADDRESS:
        *addr = msca & MSCA_ADDR_MASK;
        break;
    case MSCA_OP_WRITE:
        ixgbe_phy_write(phy, devad, *addr, msrwd & 0xffff);
        trace_ixgbe_phy_write(devad, *addr, msrwd & 0xffff);
        break;
    default:
        data = ixgbe_phy_read(phy, devad, *addr);
        trace_ixgbe_phy_read(devad, *addr, data);
        if (op == MSCA_OP_READ_INC) {
            (*addr)++;
        }
        return (uint32_t)data << MSRWD_READ_SHIFT | (msrwd & 0xffff);
    }
    return msrwd;
}
