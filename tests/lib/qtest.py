# SPDX-License-Identifier: GPL-2.0
"""The emulated NIC without a guest: QEMU's qtest accelerator, driven over
its text protocol (QEMU's docs/devel/qtest.rst), reads and writes the PCI
configuration space and BAR0 of one ixgbe function as a CPU would; QMP,
where asked for, does what QEMU's monitor does to it (set_link)."""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile

PCI_CONFIG_ADDRESS = 0xCF8
PCI_CONFIG_DATA = 0xCFC
# ICH9's reset control register: 0x06 is a hard reset of the machine
RESET_CONTROL = 0xCF9
SLOT = 4
# The device's id, which QMP's set_link names
NIC_ID = 'nic'
PCI_COMMAND = 0x04
PCI_COMMAND_MEMORY = 0x2
PCI_BAR0 = 0x10
# Where BAR0 goes: in q35's PCI hole, clear of its PCIe config window
BAR0_ADDRESS = 0xE0000000
# MSI's and MSI-X's capability IDs; MSI's Message Control on every kind
# (one message, 64-bit addresses, per-vector masking); where the tests map
# BAR4 (MSI-X's table) beside BAR0, and MSI-X's enable bit
CAP_MSI, CAP_MSIX = 0x05, 0x11
MSI_CONTROL = 0x0180
PCI_BAR4 = 0x20
MSIX_BAR = BAR0_ADDRESS + 0x100000
MSIX_ENABLE = 0x8000
# The emulated parts, as qemu/nic-args names them
KINDS = ('82599', 'x540', 'x550')


class QtestError(Exception):
    pass


class Results:
    """A test's result lines, "ok" or "not ok" and what was checked;
    failed counts the "not ok" ones."""

    def __init__(self):
        self.failed = 0

    def __call__(self, ok, what):
        print(f'{"ok  " if ok else "not ok"} {what}')
        self.failed += not ok

    def logged_nothing(self, what, log):
        """QEMU's -d log, as Nic.close() returned it, is empty"""
        log = log.strip()
        self(not log, f'{what}: QEMU logged '
             f'{" / ".join(log.splitlines()) or "nothing"}')


def bad_arguments(argv):
    """None for a test run without arguments (QEMU from the environment);
    otherwise the usage printed, and the exit status: 0 for --help"""
    if len(argv) < 2:
        return None
    asked = argv[1] in ('-h', '--help')
    print(f'usage: [QEMU=BINARY] {os.path.basename(argv[0])}',
          file=sys.stdout if asked else sys.stderr)
    return 0 if asked else 2


def qemu_for_tests(top):
    """The QEMU to drive (QEMU, or scripts/vm/build-qemu's), and the
    firmware directories and device that qemu/nic-args gives the tests'
    ports; TOP: the repository's."""
    binary = os.environ.get('QEMU') or subprocess.run(
        [os.path.join(top, 'scripts', 'vm', 'build-qemu'), '--print',
         'binary'], check=True, stdout=subprocess.PIPE,
        text=True).stdout.strip()
    args = subprocess.run([os.path.join(top, 'qemu', 'nic-args'), '82599',
                           '1'], check=True, capture_output=True,
                          text=True).stdout.split('\n')
    firmware = [args[i + 1] for i, a in enumerate(args) if a == '-L']
    device = next(a for a in args if a.startswith('ixgbe-'))
    return binary, firmware, device


class Nic:
    """One ixgbe function at 00:04.0 of a q35 machine under qtest."""

    def __init__(self, qemu, firmware_dirs, device, log='', qmp=False):
        """LOG: QEMU's -d items (unimp, guest_errors), logged to stderr.
        QMP: a QMP socket for qmp()."""
        args = [qemu, '-machine', 'q35', '-accel', 'qtest', '-qtest', 'stdio',
                '-qtest-log', '/dev/null',
                '-display', 'none', '-nodefaults', '-monitor', 'none',
                '-serial', 'none',
                '-device', f'{device},addr={SLOT}.0,id={NIC_ID}']
        if log:
            args += ['-d', log]
        self.qmp_dir = tempfile.mkdtemp() if qmp else None
        self.qmp_sock = self.qmp_file = None
        if qmp:
            args += ['-qmp', f'unix:{self.qmp_dir}/qmp,server=on,wait=off']
        for d in firmware_dirs:
            args += ['-L', d]
        self.stderr = tempfile.TemporaryFile(mode='w+')
        try:
            self.proc = subprocess.Popen(args, stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE,
                                         stderr=self.stderr, text=True)
        except OSError:
            if self.qmp_dir:
                shutil.rmtree(self.qmp_dir)
            raise

    def close(self):
        """End QEMU as libqtest does (SIGTERM); what it printed besides
        saying so."""
        self.proc.terminate()
        self.proc.wait(timeout=30)
        return '\n'.join(line for line in self._stderr().splitlines()
                         if 'terminating on signal' not in line)

    def _stderr(self):
        self.stderr.seek(0)
        return self.stderr.read()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout, self.stderr,
                  self.qmp_file):
            if f and not f.closed:
                f.close()
        if self.qmp_sock:
            self.qmp_sock.close()
        if self.qmp_dir:
            shutil.rmtree(self.qmp_dir)

    def qmp(self, command, **arguments):
        """One QMP command; what it returned. QEMU has answered a qtest
        command by the time this is called, so the socket is there."""
        if not self.qmp_file:
            if not self.qmp_dir:
                raise QtestError(f'{command}: QEMU was started without QMP')
            self.qmp_sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.qmp_sock.settimeout(30)
            self.qmp_sock.connect(os.path.join(self.qmp_dir, 'qmp'))
            self.qmp_file = self.qmp_sock.makefile('rw')
            self.qmp_file.readline()            # the greeting
            self.qmp('qmp_capabilities')
        self.qmp_file.write(json.dumps({'execute': command,
                                        'arguments': arguments}) + '\n')
        self.qmp_file.flush()
        while True:
            line = self.qmp_file.readline()
            if not line:
                raise QtestError(f'QMP closed at {command}')
            answer = json.loads(line)
            if 'return' in answer:
                return answer['return']
            if 'error' in answer:
                raise QtestError(f'QMP {command}: {answer["error"]}')

    def command(self, line):
        """One qtest command; its answer after "OK", if any."""
        self.proc.stdin.write(line + '\n')
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        if not answer:
            self.proc.wait(timeout=30)
            raise QtestError(f'QEMU ended at "{line}": '
                             f'{self._stderr().strip()}')
        if not answer.startswith('OK'):
            raise QtestError(f'"{line}": {answer.strip()}')
        return answer[2:].strip()

    def _select(self, reg):
        self.command(f'outl {PCI_CONFIG_ADDRESS:#x} '
                     f'{0x80000000 | SLOT << 11 | reg & 0xFC:#x}')

    def config_read(self, reg, size=4):
        self._select(reg)
        op = {1: 'inb', 2: 'inw', 4: 'inl'}[size]
        return int(self.command(f'{op} {PCI_CONFIG_DATA + (reg & 3):#x}'), 16)

    def config_write(self, reg, value, size=4):
        self._select(reg)
        op = {1: 'outb', 2: 'outw', 4: 'outl'}[size]
        self.command(f'{op} {PCI_CONFIG_DATA + (reg & 3):#x} {value:#x}')

    def cap_offset(self, cap_id):
        """Where the capability with cap_id is"""
        return dict((i, at) for at, i in self.capabilities())[cap_id]

    def enable_msi(self, address, data, masked=False):
        """MSI on, its one message DATA at ADDRESS, its vector masked or
        not"""
        msi = self.cap_offset(CAP_MSI)
        self.config_write(msi + 4, address)
        self.config_write(msi + 8, 0)
        self.config_write(msi + 12, data, 2)
        if masked:
            self.config_write(msi + 16, 1)
        self.config_write(msi + 2, MSI_CONTROL | 1, 2)

    def map_msix_table(self):
        self.config_write(PCI_BAR4, MSIX_BAR)
        self.config_write(PCI_BAR4 + 4, 0)

    def msix_vector(self, vector, address, data, masked=False):
        """Entry VECTOR of the MSI-X table (map_msix_table)"""
        for offset, value in ((0, address), (4, 0), (8, data),
                              (12, int(masked))):
            self.memwritel(MSIX_BAR + 16 * vector + offset, value)

    def enable_msix(self):
        self.config_write(self.cap_offset(CAP_MSIX) + 2, MSIX_ENABLE, 2)

    def capabilities(self):
        """The capability list: (offset, ID) pairs, in list order."""
        caps, at = [], self.config_read(0x34, 1) & 0xFC
        while at and len(caps) < 48:
            caps.append((at, self.config_read(at, 1)))
            at = self.config_read(at + 1, 1) & 0xFC
        return caps

    def hard_reset(self):
        """Reset the machine as a guest does through 0xCF9. The write only
        requests it; QEMU's main loop resets the machine between two
        reads of this pipe, so the next command, sent after this one's
        OK, finds it done."""
        self.command(f'outb {RESET_CONTROL:#x} 0x6')

    def map_bar0(self):
        """BAR0 (64-bit) at BAR0_ADDRESS, memory space on."""
        self.config_write(PCI_BAR0, BAR0_ADDRESS)
        self.config_write(PCI_BAR0 + 4, 0)
        self.config_write(PCI_COMMAND, PCI_COMMAND_MEMORY, 2)

    def readl(self, reg):
        return int(self.command(f'readl {BAR0_ADDRESS + reg:#x}'), 16)

    def writel(self, reg, value):
        self.command(f'writel {BAR0_ADDRESS + reg:#x} {value:#x}')

    def memreadl(self, address):
        """A dword of guest memory, where the device's DMA goes."""
        return int(self.command(f'readl {address:#x}'), 16)

    def memwritel(self, address, value):
        self.command(f'writel {address:#x} {value:#x}')

    def memread(self, address, size):
        """size bytes of guest memory"""
        return bytes.fromhex(self.command(f'read {address:#x} {size}')[2:])

    def memwrite(self, address, data):
        self.command(f'write {address:#x} {len(data)} 0x{data.hex()}')
