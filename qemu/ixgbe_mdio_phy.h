/*
 * The 10GBASE-T PHY of the emulated X540 and X550, on the MAC's MDIO
 * interface (MSCA/MSRWD), clause 45.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_NET_IXGBE_MDIO_PHY_H
#define HW_NET_IXGBE_MDIO_PHY_H

/* Registers the driver writes and reads back: a few dozen at most */
#define IXGBE_PHY_REGS          64

typedef struct IxgbePhy {
    uint32_t id;                /* 0: no PHY answers */
    uint16_t addr[32];          /* the address cycle's register, per MMD */
    int count;
    struct {
        uint8_t devad;
        uint16_t reg;
        uint16_t val;
    } regs[IXGBE_PHY_REGS];
} IxgbePhy;

void ixgbe_phy_reset(IxgbePhy *phy, uint32_t id);
/* A PHY that has no link to give the MAC, powered down by its driver */
bool ixgbe_phy_low_power(IxgbePhy *phy);
/* Run the MDIO command MSCA holds; return the MSRWD to read back */
uint32_t ixgbe_phy_command(IxgbePhy *phy, uint32_t msca, uint32_t msrwd);

#endif
