/*
 * Intel 82599, X540 and X550 10GbE: the registers, bits and descriptor
 * formats the emulated NIC uses, from Intel's public datasheets (82599:
 * 331520, X540: 327445, X550: 333369) and their use by the Linux ixgbe
 * driver. Where the three differ, the name says which.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_NET_IXGBE_REGS_H
#define HW_NET_IXGBE_REGS_H

#define IXGBE_MMIO_SIZE         0x20000         /* BAR0, 128 KiB */
#define IXGBE_MSIX_BAR_SIZE     0x4000          /* BAR4 */
#define IXGBE_MSIX_VECTORS      64
#define IXGBE_MSIX_TABLE        0x0000
#define IXGBE_MSIX_PBA          0x2000

/* PCI configuration space: where the driver reads raw offsets */
#define IXGBE_CAP_MSI           0x50            /* one 64-bit message */
#define IXGBE_CAP_MSIX          0x70            /* msix count at 0x72 */
#define IXGBE_CAP_PCIE          0xA0            /* link status at 0xB2 */
/*
 * Not an Intel register: the tests' faults (ixgbe_fault.h), in a
 * vendor-specific capability that only a device created with
 * x-test-capability=on has. Writing FAULT arms KIND with ARG and FRAME
 * for the next loopback run; NVM holds reset values for the next reset;
 * INJECTED and LOOPED are the last (or current) run's, RX_LEN the length
 * the last received frame was written back with. It sits where the real
 * parts have none: after MSI-X (0x70-0x7B), before PCIe (0xA0); their VPD
 * is at 0xE0.
 */
#define IXGBE_CAP_TEST          0x80
#define IXGBE_CAP_TEST_SIZE     0x20
#define IXGBE_TEST_FAULT        0x04            /* kind */
#define IXGBE_TEST_ARG          0x08
#define IXGBE_TEST_FRAME        0x0C
#define IXGBE_TEST_NVM          0x10
#define IXGBE_TEST_INJECTED     0x14            /* read only */
#define IXGBE_TEST_LOOPED       0x18            /* read only */
#define IXGBE_TEST_RX_LEN       0x1C            /* read only */

/* General */
#define IXGBE_CTRL              0x00000
#define IXGBE_CTRL_GIO_DIS      (1u << 2)
#define IXGBE_CTRL_LNK_RST      (1u << 3)
#define IXGBE_CTRL_RST          (1u << 26)
#define IXGBE_STATUS            0x00008
#define IXGBE_STATUS_LAN_ID_SHIFT 2
#define IXGBE_STATUS_GIO        (1u << 19)

/* EEPROM, semaphores */
#define IXGBE_EEC               0x10010
#define IXGBE_EEC_PRES          (1u << 8)
#define IXGBE_EEC_ARD           (1u << 9)
#define IXGBE_EEC_SIZE_SHIFT    11
#define IXGBE_EERD              0x10014
#define IXGBE_EEXD_START        (1u << 0)
#define IXGBE_EEXD_DONE         (1u << 1)
#define IXGBE_EEXD_ADDR_SHIFT   2
#define IXGBE_EEXD_DATA_SHIFT   16
#define IXGBE_SWSM              0x10140
#define IXGBE_SWSM_SMBI         (1u << 0)
#define IXGBE_FWSM              0x10148
#define IXGBE_FWSM_FW_VAL       (1u << 15)      /* no firmware error */
#define IXGBE_SWFW_SYNC         0x10160
#define IXGBE_SWFW_REGSMP_X540  (1u << 31)      /* X540, X550: read to set */

/* X550: the firmware's host interface, through which the NVM is read */
#define IXGBE_FLEX_MNG          0x15800         /* command and reply */
#define IXGBE_HICR              0x15F00
#define IXGBE_HICR_EN           (1u << 0)       /* read only */
#define IXGBE_HICR_C            (1u << 1)       /* a command is pending */
#define IXGBE_HICR_SV           (1u << 2)       /* the reply is valid */
#define IXGBE_FW_READ_SHADOW_RAM 0x31
#define IXGBE_FW_DRIVER_INFO    0xDD
#define IXGBE_FW_DISABLE_RXEN   0xDE
#define IXGBE_FW_STATUS_SUCCESS 0x01
#define IXGBE_FW_NVM_DATA       0x0C            /* byte offset in FLEX_MNG */
#define IXGBE_FW_MAX_READ_BYTES 1024

/* Interrupts */
#define IXGBE_EICR              0x00800
#define IXGBE_EICS              0x00808
#define IXGBE_EIAC              0x00810
#define IXGBE_EIMS              0x00880
#define IXGBE_EIMC              0x00888
#define IXGBE_EIAM              0x00890
#define IXGBE_GPIE              0x00898
#define IXGBE_GPIE_MSIX_MODE    (1u << 4)
#define IXGBE_GPIE_OCD          (1u << 5)
#define IXGBE_GPIE_EIAME        (1u << 30)
#define IXGBE_IVAR(n)           (0x00900 + 4 * (n))     /* 64 */
#define IXGBE_IVAR_MISC         0x00A00
#define IXGBE_IVAR_VALID        0x80
#define IXGBE_IVAR_VECTOR_MASK  0x3F
#define IXGBE_EICS_EX(n)        (0x00A90 + 4 * (n))     /* 2 */
#define IXGBE_EIMS_EX(n)        (0x00AA0 + 4 * (n))
#define IXGBE_EIMC_EX(n)        (0x00AB0 + 4 * (n))
#define IXGBE_EIAM_EX(n)        (0x00AD0 + 4 * (n))
#define IXGBE_EICR_QUEUES       0x0000FFFFu     /* vectors 0-15 in EICR */
#define IXGBE_EICR_LSC          (1u << 20)

/* Rx */
#define IXGBE_RXQ_BASE          0x01000         /* queues 0-63, 0x40 each */
#define IXGBE_RXQ_COUNT         64
#define IXGBE_TXQ_BASE          0x06000         /* queues 0-127, 0x40 each */
#define IXGBE_TXQ_COUNT         128
#define IXGBE_Q_STRIDE          0x40
#define IXGBE_Q_BAL             0x00
#define IXGBE_Q_BAH             0x04
#define IXGBE_Q_LEN             0x08
#define IXGBE_Q_H               0x10
#define IXGBE_RXQ_SRRCTL        0x14
#define IXGBE_Q_T               0x18
#define IXGBE_Q_DCTL            0x28            /* RXDCTL, TXDCTL */
#define IXGBE_Q_DCTL_ENABLE     (1u << 25)
#define IXGBE_RXDCTL_VME        (1u << 30)      /* strip the VLAN tag */
#define IXGBE_Q_BAL_WRITABLE    0xFFFFFF80u
#define IXGBE_Q_LEN_WRITABLE    0x000FFF80u
#define IXGBE_Q_HT_WRITABLE     0x0000FFFFu
/* Queues 64-127 are at 0x0D000, stored: the model receives on queue 0 */
#define IXGBE_SRRCTL(q)         ((q) < 64 ? 0x01014 + IXGBE_Q_STRIDE * (q) : \
                                 0x0D014 + IXGBE_Q_STRIDE * ((q) - 64))
#define IXGBE_SRRCTL_COUNT      128
#define IXGBE_SRRCTL_BSIZEPKT   0x1F            /* 1 KiB units */
#define IXGBE_SRRCTL_DESCTYPE_MASK (7u << 25)
#define IXGBE_SRRCTL_DESCTYPE_LEGACY (0u << 25)
#define IXGBE_SRRCTL_DESCTYPE_ADV_ONEBUF (1u << 25)
#define IXGBE_SRRCTL_DESCTYPE_HDR_SPLIT (2u << 25)
#define IXGBE_SRRCTL_DESCTYPE_HDR_ALWAYS (5u << 25)
/* 2 KiB packet and 256-byte header buffers, legacy descriptors */
#define IXGBE_SRRCTL_RESET      0x00000402u
#define IXGBE_RDRXCTL           0x02F00
#define IXGBE_RDRXCTL_DMAIDONE  (1u << 3)
#define IXGBE_RXCTRL            0x03000
#define IXGBE_RXCTRL_RXEN       (1u << 0)
#define IXGBE_FCTRL             0x05080
#define IXGBE_FCTRL_MPE         (1u << 8)
#define IXGBE_FCTRL_UPE         (1u << 9)
#define IXGBE_FCTRL_BAM         (1u << 10)
#define IXGBE_VLNCTRL           0x05088
#define IXGBE_VLNCTRL_VET_MASK  0x0000FFFFu     /* the VLAN tag's TPID */
#define IXGBE_VLNCTRL_RESET     0x00008100u
#define IXGBE_MCSTCTRL          0x05090
#define IXGBE_MCSTCTRL_MFE      (1u << 2)
#define IXGBE_MTA(n)            (0x05200 + 4 * (n))     /* 128 */
/* RAR 0-15 also at 0x5400; the driver uses that alias for them */
#define IXGBE_RAL(n)            ((n) < 16 ? 0x05400 + 8 * (n) : \
                                 0x0A200 + 8 * (n))
#define IXGBE_RAH(n)            (IXGBE_RAL(n) + 4)
#define IXGBE_RAR_ENTRIES       128
#define IXGBE_RAH_AV            (1u << 31)
#define IXGBE_RAH_WRITABLE      0x8003FFFFu     /* bits 19:18 are reserved */
#define IXGBE_SECRXSTAT         0x08D04
#define IXGBE_SECTXSTAT         0x08804
#define IXGBE_SECSTAT_RDY       (1u << 0)
#define IXGBE_RXPBSIZE(n)       (0x03C00 + 4 * (n))     /* 8 */
#define IXGBE_RXPBSIZE_512K     0x00080000u     /* 82599 */
#define IXGBE_RXPBSIZE_384K     0x00060000u     /* X540, X550 */
#define IXGBE_FDIRCTRL          0x0EE00
#define IXGBE_FDIRCTRL_INIT_DONE (1u << 3)
#define IXGBE_FDIRCMD           0x0EE2C
#define IXGBE_FDIRCMD_CMD_MASK  0x3u

/* MAC */
#define IXGBE_HLREG0            0x04240
#define IXGBE_HLREG0_RXCRCSTRP  (1u << 1)
#define IXGBE_HLREG0_LPBK       (1u << 15)
#define IXGBE_MSCA              0x0425C
#define IXGBE_MSCA_MDI_COMMAND  (1u << 30)
#define IXGBE_MSRWD             0x04260
#define IXGBE_AUTOC             0x042A0
/* KX4 supported, LMS = KX4/KX/KR auto-negotiation, 10G PMA/PMD = KX4 */
#define IXGBE_AUTOC_DEFAULT     0x80008080u
#define IXGBE_AUTOC_FLU         (1u << 0)       /* force the link up */
#define IXGBE_AUTOC_AN_RESTART  (1u << 12)
#define IXGBE_LINKS             0x042A4
#define IXGBE_LINKS_SPEED_10G   (3u << 28)
#define IXGBE_LINKS_UP          (1u << 30)
#define IXGBE_LINKS_KX_AN_COMP  (1u << 31)
#define IXGBE_ANLP1             0x042B0
#define IXGBE_ANLP1_AN_RUNNING  0x00010000u     /* AN state (19:16) not 0 */
#define IXGBE_ANLP1_PARTNER_PAUSE 0x00000C00u   /* symmetric, asymmetric */
#define IXGBE_LINKS2            0x04324
#define IXGBE_LINKS2_AN_SUPPORTED (1u << 6)
#define IXGBE_MACC              0x04330         /* X540, X550 */
#define IXGBE_MACC_FLU          (1u << 0)       /* force the link up */
#define IXGBE_DMATXCTL          0x04A80
#define IXGBE_DMATXCTL_TE       (1u << 0)
#define IXGBE_DMATXCTL_VT_SHIFT 16              /* TPID of inserted tags */
#define IXGBE_DMATXCTL_RESET    0x81000000u
/*
 * The TCP flags a TSO packet's first, middle and last segments keep: 12
 * bits each, first in 11:0 and middle in 27:16 of DTXTCPFLGL, last in
 * 11:0 of DTXTCPFLGH. At reset FIN and PSH go only in the last, CWR
 * not in it.
 */
#define IXGBE_DTXTCPFLGL        0x04A88
#define IXGBE_DTXTCPFLGH        0x04A8C
#define IXGBE_DTXTCPFLGL_RESET  0x0FF60FF6u
#define IXGBE_DTXTCPFLGH_RESET  0x00000F7Fu
#define IXGBE_TCP_FLAGS_MASK    0xFFFu
#define IXGBE_DTXTCPFLGL_MID_SHIFT 16

/*
 * Statistics: read only, cleared by a read. Every register of
 * 0x03F00-0x041FF is one, but for two ECC registers (RXDBUECC, RXDBUEST);
 * ixgbe_core.c lists those elsewhere (ixgbe_counters[]). The per-queue ones
 * count into one of 16 sets, chosen per queue by a 4-bit field of RQSMR /
 * TQSM (the queue's byte of the register for queues 4n to 4n + 3); the Tx
 * ones at the addresses Linux's and DPDK's ixgbe_type.h read. A 64-bit
 * counter is two registers, each cleared by its own read.
 */
#define IXGBE_STATS_FIRST       0x03F00
#define IXGBE_STATS_LAST        0x041FC
#define IXGBE_RXDBUECC          0x03F70         /* stored, not a counter */
#define IXGBE_RXDBUEST          0x03F74         /* stored, not a counter */
#define IXGBE_GPRC              0x04074
#define IXGBE_GPTC              0x04080
#define IXGBE_GORCL             0x04088
#define IXGBE_GOTCL             0x04090
#define IXGBE_TORL              0x040C0
#define IXGBE_TPR               0x040D0
#define IXGBE_TPT               0x040D4
#define IXGBE_MPC(n)            (0x03FA0 + 4 * (n))     /* 8 */
#define IXGBE_QSTAT_SETS        16
#define IXGBE_QSTAT_SEL_MASK    0xF
#define IXGBE_QSTAT_SEL_BITS    8               /* a queue's field */
#define IXGBE_RQSMR(n)          (0x02300 + 4 * (n))     /* 32 */
#define IXGBE_TQSM(n)           (0x08600 + 4 * (n))     /* 32 */
#define IXGBE_QPRC(n)           (0x01030 + 0x40 * (n))
#define IXGBE_QBRC_L(n)         (0x01034 + 0x40 * (n))
#define IXGBE_QBRC_H(n)         (0x01038 + 0x40 * (n))
#define IXGBE_QPRDC(n)          (0x01430 + 0x40 * (n))
#define IXGBE_QPTC(n)           (0x06030 + 0x40 * (n))
#define IXGBE_QBTC_L(n)         (0x08700 + 8 * (n))
#define IXGBE_QBTC_H(n)         (0x08704 + 8 * (n))

/*
 * Tx descriptors. Legacy (DEXT clear): buffer address; length, CSO and CMD;
 * STA, CSS and VLAN. Advanced data (DEXT, DTYP 3): buffer address; length,
 * DTYP and DCMD; olinfo_status (context index, POPTS, PAYLEN). A
 * packet's offloads are read from its first descriptor.
 * Advanced context (DEXT, DTYP 2): vlan_macip_lens; seqnum_seed;
 * type_tucmd_mlhl; mss_l4len_idx, two contexts a queue.
 */
#define IXGBE_TXD_LEN_MASK      0x0000FFFFu
#define IXGBE_TXD_CSO_SHIFT     16              /* legacy */
#define IXGBE_TXD_DTYP_MASK     0x00F00000u
#define IXGBE_TXD_DTYP_CTXT     0x00200000u
#define IXGBE_TXD_CMD_EOP       (1u << 24)
#define IXGBE_TXD_CMD_IC        (1u << 26)      /* legacy */
#define IXGBE_TXD_CMD_RS        (1u << 27)
#define IXGBE_TXD_CMD_DEXT      (1u << 29)
#define IXGBE_TXD_CMD_VLE       (1u << 30)
#define IXGBE_TXD_CMD_TSE       (1u << 31)
#define IXGBE_TXD_STAT_DD       (1u << 0)
#define IXGBE_TXD_STAT_MASK     0xFu
#define IXGBE_TXD_CSS_SHIFT     8               /* legacy, in STA's dword */
#define IXGBE_TXD_VLAN_SHIFT    16              /* legacy, in STA's dword */
#define IXGBE_TXD_IDX_SHIFT     4               /* olinfo, mss_l4len_idx */
#define IXGBE_TXD_IDX_MASK      0x7u
#define IXGBE_TX_CONTEXTS       2
#define IXGBE_TXD_POPTS_IXSM    (1u << 8)       /* in olinfo_status */
#define IXGBE_TXD_POPTS_TXSM    (1u << 9)
#define IXGBE_TXD_PAYLEN_SHIFT  14              /* TSO: the payload's size */
#define IXGBE_TXCTX_IPLEN_MASK  0x1FF
#define IXGBE_TXCTX_MACLEN_SHIFT 9
#define IXGBE_TXCTX_MACLEN_MASK 0x7F
#define IXGBE_TXCTX_VLAN_SHIFT  16
#define IXGBE_TXCTX_TUCMD_IPV4  (1u << 10)
#define IXGBE_TXCTX_L4T_SHIFT   11
#define IXGBE_TXCTX_L4T_MASK    (3u << IXGBE_TXCTX_L4T_SHIFT)
#define IXGBE_TXCTX_L4T_UDP     (0u << IXGBE_TXCTX_L4T_SHIFT)
#define IXGBE_TXCTX_L4T_TCP     (1u << IXGBE_TXCTX_L4T_SHIFT)
#define IXGBE_TXCTX_L4T_SCTP    (2u << IXGBE_TXCTX_L4T_SHIFT)
#define IXGBE_TXCTX_L4LEN_SHIFT 8               /* in mss_l4len_idx */
#define IXGBE_TXCTX_L4LEN_MASK  0xFFu
#define IXGBE_TXCTX_MSS_SHIFT   16

/*
 * Rx descriptor write-back. Advanced: dword 0 is the packet type (16:4);
 * dword 2 the status (19:0) and errors (31:20); dword 3 the length and
 * the VLAN tag. Legacy, in bytes 8-15: length, fragment checksum, status
 * (the advanced status's low byte), errors (the advanced errors' high
 * byte), VLAN tag. Status and errors are the last descriptor's.
 */
#define IXGBE_RXD_STAT_DD       (1u << 0)
#define IXGBE_RXD_STAT_EOP      (1u << 1)
#define IXGBE_RXD_STAT_VP       (1u << 3)       /* a tag of VET stripped */
#define IXGBE_RXD_STAT_UDPCS    (1u << 4)
#define IXGBE_RXD_STAT_L4CS     (1u << 5)
#define IXGBE_RXD_STAT_IPCS     (1u << 6)
#define IXGBE_RXDADV_ERR_RXE    (1u << 29)      /* a frame error to ixgbe */
#define IXGBE_RXDADV_ERR_TCPE   (1u << 30)      /* TCP, UDP or SCTP's */
#define IXGBE_RXDADV_ERR_IPE    (1u << 31)      /* IPv4 header checksum */
#define IXGBE_RXD_LEGACY_ERR_SHIFT 24
#define IXGBE_RXDADV_PTYPE_SHIFT 4
#define IXGBE_RXDADV_PTYPE_IPV4 0x001
#define IXGBE_RXDADV_PTYPE_IPV4_EX 0x002        /* with options */
#define IXGBE_RXDADV_PTYPE_IPV6 0x004
#define IXGBE_RXDADV_PTYPE_IPV6_EX 0x008        /* with extension headers */
#define IXGBE_RXDADV_PTYPE_TCP  0x010
#define IXGBE_RXDADV_PTYPE_UDP  0x020
#define IXGBE_RXDADV_PTYPE_SCTP 0x040

#endif
