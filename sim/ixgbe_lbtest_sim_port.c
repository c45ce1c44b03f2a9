// SPDX-License-Identifier: GPL-2.0
/*
 * Test flavour only: network ports whose ethtool self-test runs ixgbe's
 * loopback test, ixgbe_lbtest_run(), over the software MAC-loopback model,
 * so that "ethtool -t" can exercise it where there is no NIC.
 *
 * A port is a platform device (the DMA device of its rings), a net device
 * whose private data is an ixgbe_adapter with nothing set but what the
 * ring code reads, and a model whose register file stands in for BAR0.
 * The test rings are set up, configured and freed by the driver's own
 * functions, in the order ixgbe_setup_desc_rings() and
 * ixgbe_free_desc_rings() use; only the MAC-specific steps are replaced by
 * starting and stopping the model.
 *
 * The port carries no traffic, and its only self-test is the loopback
 * test: it reports no result for tests that the model cannot perform.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/debugfs.h>
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/highmem.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

#include "ixgbe.h"
#include "ixgbe_lbtest.h"
#include "ixgbe_lbtest_sim.h"

#define IXGBE_LBSIM_NAME	"ixgbe-lbtest-sim"
#define IXGBE_LBSIM_MAX_PORTS	16
/* Never a valid frame byte at the offsets the loopback test checks. */
#define IXGBE_LBSIM_POISON	0x5A

/* Result codes of the set-up, as ixgbe_setup_desc_rings() returns them. */
#define IXGBE_LBSIM_TX_RING_FAILED	1
#define IXGBE_LBSIM_RX_RING_FAILED	4
/* As ixgbe_setup_loopback_test() returns when loopback cannot be set. */
#define IXGBE_LBSIM_LOOPBACK_FAILED	10

static unsigned int sim_ports;
module_param(sim_ports, uint, 0444);
MODULE_PARM_DESC(sim_ports,
		 "Software MAC-loopback ports for ethtool -t (test build), 0-16");

struct ixgbe_lbsim_port {
	/* first, where ixgbe keeps it: netdev_priv() is the adapter */
	struct ixgbe_adapter adapter;
	struct platform_device *pdev;
	struct ixgbe_lbsim_model *model;
	struct dentry *debugfs;

	/* the test rings' sizes: ixgbe's defaults, others for the KUnit tests */
	u16 tx_count;
	u16 rx_count;

	/* knobs */
	bool rx_highmem_pages;
	/* Rx descriptors left without a buffer, as by a refill with no page */
	u16 rx_unfilled;
	/* what the last run's Rx ring was given */
	u32 rx_pages_replaced;
	u32 rx_pages_highmem;
	/* when the last run's loop ended, for the KUnit suite's deadline case */
	ktime_t run_end;
};

static struct net_device **ixgbe_lbsim_netdevs;

/*
 * Give an Rx buffer a page that the driver did not allocate, from
 * GFP_HIGHUSER: on a 32-bit HIGHMEM kernel it has no kernel address
 * unless mapped. It takes the place of the driver's page with the same
 * DMA mapping and reference count, so the driver recycles and frees it
 * as its own.
 */
static int ixgbe_lbsim_replace_rx_page(struct ixgbe_lbsim_port *port,
				       struct ixgbe_ring *rx_ring, u16 i)
{
	struct ixgbe_rx_buffer *bi = &rx_ring->rx_buffer_info[i];
	unsigned int order = ixgbe_rx_pg_order(rx_ring);
	struct page *page;
	dma_addr_t dma;

	page = alloc_pages(GFP_HIGHUSER, order);
	if (!page)
		return -ENOMEM;
	dma = dma_map_page_attrs(rx_ring->dev, page, 0,
				 ixgbe_rx_pg_size(rx_ring),
				 DMA_FROM_DEVICE, IXGBE_RX_DMA_ATTR);
	if (dma_mapping_error(rx_ring->dev, dma)) {
		__free_pages(page, order);
		return -ENOMEM;
	}

	dma_unmap_page_attrs(rx_ring->dev, bi->dma, ixgbe_rx_pg_size(rx_ring),
			     DMA_FROM_DEVICE, IXGBE_RX_DMA_ATTR);
	__page_frag_cache_drain(bi->page, bi->pagecnt_bias);

	page_ref_add(page, USHRT_MAX - 1);
	bi->page = page;
	bi->dma = dma;
	bi->pagecnt_bias = USHRT_MAX;
	IXGBE_RX_DESC(rx_ring, i)->read.pkt_addr =
		cpu_to_le64(bi->dma + bi->page_offset);

	port->rx_pages_replaced++;
	if (PageHighMem(page))
		port->rx_pages_highmem++;
	return 0;
}

/*
 * Fill an Rx buffer with a byte the test frame does not have at the
 * offsets checked, so that a result never depends on what the page held
 * before it was allocated (often a frame of an earlier run).
 */
static void ixgbe_lbsim_poison_rx_buffer(struct ixgbe_ring *rx_ring,
					 struct ixgbe_rx_buffer *bi)
{
	unsigned int bufsz = ixgbe_rx_bufsz(rx_ring);

	dma_sync_single_range_for_cpu(rx_ring->dev, bi->dma, bi->page_offset,
				      bufsz, DMA_FROM_DEVICE);
	memset_page(bi->page + (bi->page_offset >> PAGE_SHIFT),
		    offset_in_page(bi->page_offset), IXGBE_LBSIM_POISON, bufsz);
	dma_sync_single_range_for_device(rx_ring->dev, bi->dma,
					 bi->page_offset, bufsz,
					 DMA_FROM_DEVICE);
}

/* Apply the port's Rx knob, and the poison, to every buffer posted. */
static int ixgbe_lbsim_prepare_rx_buffers(struct ixgbe_lbsim_port *port)
{
	struct ixgbe_ring *rx_ring = &port->adapter.test_rx_ring;
	u16 i;

	port->rx_pages_replaced = 0;
	port->rx_pages_highmem = 0;
	for (i = rx_ring->next_to_clean; i != rx_ring->next_to_use;
	     i = (i + 1) % rx_ring->count) {
		if (port->rx_highmem_pages &&
		    ixgbe_lbsim_replace_rx_page(port, rx_ring, i))
			return -ENOMEM;
		ixgbe_lbsim_poison_rx_buffer(rx_ring,
					     &rx_ring->rx_buffer_info[i]);
	}
	return 0;
}

/*
 * Take the last @count buffers posted back off the Rx ring, as if
 * ixgbe_alloc_rx_buffers() had got no page for them.
 */
static void ixgbe_lbsim_unfill_rx_ring(struct ixgbe_ring *rx_ring, u16 count)
{
	u16 ntu = rx_ring->next_to_use;

	while (count--) {
		struct ixgbe_rx_buffer *bi;

		ntu = (ntu ? ntu : rx_ring->count) - 1;
		bi = &rx_ring->rx_buffer_info[ntu];
		dma_unmap_page_attrs(rx_ring->dev, bi->dma,
				     ixgbe_rx_pg_size(rx_ring),
				     DMA_FROM_DEVICE, IXGBE_RX_DMA_ATTR);
		__page_frag_cache_drain(bi->page, bi->pagecnt_bias);
		bi->page = NULL;
	}
	rx_ring->next_to_use = ntu;
	rx_ring->next_to_alloc = ntu;
	writel(ntu, rx_ring->tail);
}

static void ixgbe_lbsim_free_rings(struct ixgbe_lbsim_port *port)
{
	struct ixgbe_adapter *adapter = &port->adapter;

	/* The queues are disabled before their memory goes. */
	ixgbe_lbsim_model_stop(port->model);
	ixgbe_free_tx_resources(&adapter->test_tx_ring);
	ixgbe_free_rx_resources(&adapter->test_rx_ring);
}

static u64 ixgbe_lbsim_setup_rings(struct ixgbe_lbsim_port *port)
{
	struct ixgbe_adapter *adapter = &port->adapter;
	struct ixgbe_ring *tx_ring = &adapter->test_tx_ring;
	struct ixgbe_ring *rx_ring = &adapter->test_rx_ring;
	u64 result;

	tx_ring->count = port->tx_count;
	tx_ring->queue_index = 0;
	tx_ring->dev = &port->pdev->dev;
	tx_ring->netdev = adapter->netdev;
	tx_ring->reg_idx = 0;
	if (ixgbe_setup_tx_resources(tx_ring))
		return IXGBE_LBSIM_TX_RING_FAILED;
	ixgbe_configure_tx_ring(adapter, tx_ring);

	rx_ring->count = port->rx_count;
	rx_ring->queue_index = 0;
	rx_ring->dev = &port->pdev->dev;
	rx_ring->netdev = adapter->netdev;
	rx_ring->reg_idx = 0;
	if (ixgbe_setup_rx_resources(adapter, rx_ring)) {
		ixgbe_free_tx_resources(tx_ring);
		return IXGBE_LBSIM_RX_RING_FAILED;
	}
	/* configures the Rx registers and posts the Rx buffers */
	ixgbe_configure_rx_ring(adapter, rx_ring);

	if (ixgbe_lbsim_prepare_rx_buffers(port)) {
		result = IXGBE_LBSIM_RX_RING_FAILED;
		goto err_free;
	}
	ixgbe_lbsim_unfill_rx_ring(rx_ring, port->rx_unfilled);

	if (ixgbe_lbsim_model_start(port->model)) {
		result = IXGBE_LBSIM_LOOPBACK_FAILED;
		goto err_free;
	}
	return 0;

err_free:
	ixgbe_lbsim_free_rings(port);
	return result;
}

/* As ixgbe_loopback_test() does it, with the model in the MAC's place. */
static u64 ixgbe_lbsim_loopback_test(struct ixgbe_lbsim_port *port)
{
	struct ixgbe_adapter *adapter = &port->adapter;
	u64 result;

	result = ixgbe_lbsim_setup_rings(port);
	if (result)
		return result;

	result = ixgbe_lbtest_run(adapter, &adapter->test_tx_ring,
				  &adapter->test_rx_ring);
	port->run_end = ktime_get();

	ixgbe_lbsim_free_rings(port);
	return result;
}

/*
 * The one test the model can perform. It disturbs no traffic on this port,
 * so, unlike on a NIC, it also runs in online mode.
 */
static const struct {
	const char name[ETH_GSTRING_LEN];
	u64 (*run)(struct ixgbe_lbsim_port *port);
} ixgbe_lbsim_tests[] = {
	{ "Loopback test  (on/offline)", ixgbe_lbsim_loopback_test },
};

static int ixgbe_lbsim_get_sset_count(struct net_device *netdev, int sset)
{
	return sset == ETH_SS_TEST ? ARRAY_SIZE(ixgbe_lbsim_tests) :
				     -EOPNOTSUPP;
}

static void ixgbe_lbsim_get_strings(struct net_device *netdev, u32 sset,
				    u8 *data)
{
	unsigned int i;

	if (sset != ETH_SS_TEST)
		return;
	for (i = 0; i < ARRAY_SIZE(ixgbe_lbsim_tests); i++)
		memcpy(data + i * ETH_GSTRING_LEN, ixgbe_lbsim_tests[i].name,
		       ETH_GSTRING_LEN);
}

static void ixgbe_lbsim_self_test(struct net_device *netdev,
				  struct ethtool_test *test, u64 *data)
{
	struct ixgbe_lbsim_port *port = netdev_priv(netdev);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ixgbe_lbsim_tests); i++) {
		data[i] = ixgbe_lbsim_tests[i].run(port);
		if (data[i])
			test->flags |= ETH_TEST_FL_FAILED;
	}
}

static void ixgbe_lbsim_get_drvinfo(struct net_device *netdev,
				    struct ethtool_drvinfo *info)
{
	struct ixgbe_lbsim_port *port = netdev_priv(netdev);

	strscpy(info->driver, IXGBE_LBSIM_NAME, sizeof(info->driver));
	strscpy(info->fw_version, "software MAC loopback",
		sizeof(info->fw_version));
	strscpy(info->bus_info, dev_name(&port->pdev->dev),
		sizeof(info->bus_info));
}

static const struct ethtool_ops ixgbe_lbsim_ethtool_ops = {
	.get_drvinfo = ixgbe_lbsim_get_drvinfo,
	.get_sset_count = ixgbe_lbsim_get_sset_count,
	.get_strings = ixgbe_lbsim_get_strings,
	.self_test = ixgbe_lbsim_self_test,
};

/* Only the self-test uses the model; anything sent here is dropped. */
static netdev_tx_t ixgbe_lbsim_start_xmit(struct sk_buff *skb,
					  struct net_device *netdev)
{
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops ixgbe_lbsim_netdev_ops = {
	.ndo_start_xmit = ixgbe_lbsim_start_xmit,
};

static void ixgbe_lbsim_port_destroy(struct net_device *netdev)
{
	struct ixgbe_lbsim_port *port = netdev_priv(netdev);
	struct platform_device *pdev = port->pdev;

	unregister_netdev(netdev);
	debugfs_remove_recursive(port->debugfs);
	ixgbe_lbsim_model_destroy(port->model);
	bitmap_free(port->adapter.af_xdp_zc_qps);
	free_netdev(netdev);
	platform_device_unregister(pdev);
}

static struct net_device *ixgbe_lbsim_port_create(unsigned int id)
{
	struct ixgbe_lbsim_port *port;
	struct platform_device *pdev;
	struct net_device *netdev;
	int err;

	pdev = platform_device_register_simple(IXGBE_LBSIM_NAME, id, NULL, 0);
	if (IS_ERR(pdev))
		return ERR_CAST(pdev);
	err = dma_coerce_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (err)
		goto err_pdev;

	netdev = alloc_etherdev(sizeof(*port));
	if (!netdev) {
		err = -ENOMEM;
		goto err_pdev;
	}
	SET_NETDEV_DEV(netdev, &pdev->dev);
	netdev->netdev_ops = &ixgbe_lbsim_netdev_ops;
	netdev->ethtool_ops = &ixgbe_lbsim_ethtool_ops;
	eth_hw_addr_random(netdev);

	port = netdev_priv(netdev);
	port->pdev = pdev;
	port->adapter.netdev = netdev;
	port->adapter.hw.back = &port->adapter;
	port->tx_count = IXGBE_DEFAULT_TXD;
	port->rx_count = IXGBE_DEFAULT_RXD;
	port->adapter.af_xdp_zc_qps = bitmap_zalloc(IXGBE_MAX_XDP_QS,
						    GFP_KERNEL);
	if (!port->adapter.af_xdp_zc_qps) {
		err = -ENOMEM;
		goto err_netdev;
	}
	port->model = ixgbe_lbsim_model_create(&pdev->dev);
	if (IS_ERR(port->model)) {
		err = PTR_ERR(port->model);
		goto err_bitmap;
	}
	port->adapter.io_addr = ixgbe_lbsim_model_regs(port->model);
	port->adapter.hw.hw_addr = port->adapter.io_addr;

	port->debugfs = debugfs_create_dir(dev_name(&pdev->dev), NULL);
	debugfs_create_bool("rx_highmem_pages", 0600, port->debugfs,
			    &port->rx_highmem_pages);
	debugfs_create_u32("rx_pages_replaced", 0400, port->debugfs,
			   &port->rx_pages_replaced);
	debugfs_create_u32("rx_pages_highmem", 0400, port->debugfs,
			   &port->rx_pages_highmem);

	err = register_netdev(netdev);
	if (err)
		goto err_debugfs;
	return netdev;

err_debugfs:
	debugfs_remove_recursive(port->debugfs);
	ixgbe_lbsim_model_destroy(port->model);
err_bitmap:
	bitmap_free(port->adapter.af_xdp_zc_qps);
err_netdev:
	free_netdev(netdev);
err_pdev:
	platform_device_unregister(pdev);
	return ERR_PTR(err);
}

static void ixgbe_lbsim_destroy_ports(void)
{
	unsigned int i;

	for (i = 0; i < sim_ports; i++)
		if (!IS_ERR_OR_NULL(ixgbe_lbsim_netdevs[i]))
			ixgbe_lbsim_port_destroy(ixgbe_lbsim_netdevs[i]);
	kfree(ixgbe_lbsim_netdevs);
}

static int __init ixgbe_lbsim_init(void)
{
	unsigned int i;
	int err;

	if (sim_ports > IXGBE_LBSIM_MAX_PORTS) {
		pr_err("sim_ports=%u: at most %u\n", sim_ports,
		       IXGBE_LBSIM_MAX_PORTS);
		return -EINVAL;
	}
	ixgbe_lbsim_netdevs = kcalloc(sim_ports, sizeof(*ixgbe_lbsim_netdevs),
				      GFP_KERNEL);
	if (!ixgbe_lbsim_netdevs)
		return -ENOMEM;
	for (i = 0; i < sim_ports; i++) {
		ixgbe_lbsim_netdevs[i] = ixgbe_lbsim_port_create(i);
		if (IS_ERR(ixgbe_lbsim_netdevs[i])) {
			err = PTR_ERR(ixgbe_lbsim_netdevs[i]);
			pr_err("software loopback port %u: error %d\n", i, err);
			goto err_ports;
		}
	}

	err = ixgbe_lbsim_hw_init();
	if (err)
		goto err_ports;
	return 0;

err_ports:
	ixgbe_lbsim_destroy_ports();
	return err;
}
module_init(ixgbe_lbsim_init);

static void __exit ixgbe_lbsim_exit(void)
{
	ixgbe_lbsim_hw_exit();
	ixgbe_lbsim_destroy_ports();
}
module_exit(ixgbe_lbsim_exit);

#if IS_ENABLED(CONFIG_IXGBE_KUNIT_TEST)
#include "ixgbe_lbtest_sim_test.c"
#endif
