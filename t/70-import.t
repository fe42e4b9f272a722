# usergate import: each legacy system's table, exported the way that
# system's database writes it, comes in with every password kept; the
# users log in through login.php with their old passwords, and then hold
# a plain yescrypt hash.  No weak form is ever at rest.
use strict;
use warnings;
use Test::More;
use lib 't/lib';
use UG;
use Digest::MD5 qw(md5_hex);
use Digest::SHA qw(sha256_hex hmac_sha256);

my $ug = UG->new->start(how => 'spawn');
$ug->add_user('root', 'rootpw', 'admin');
my $dir = $ug->dir;

sub login {
	my ($name, $pw) = @_;
	return $ug->post('/login.php?mode=2',
	    [username => $name, password => $pw])->{content};
}
sub hash_of {
	my ($name) = @_;
	my $n = $name =~ s/'/''/gr;
	return $ug->sql("SELECT password_hash FROM users WHERE username = '$n'");
}
sub users { $ug->sql('SELECT COUNT(*) FROM users') }
sub import_file {
	my ($text, @args) = @_;
	my $f = "$dir/import-" . int(rand(1e9)) . '.txt';
	UG::spew($f, $text);
	return $ug->cli(undef, 'import', @args, $f);
}

# A bcrypt salt in crypt(3)'s alphabet; libxcrypt makes "$2y$" as PHP's
# password_hash() does (the same algorithm, the same string).
my @b64 = ('.', '/', 'A' .. 'Z', 'a' .. 'z', '0' .. '9');
sub php_password_hash {
	my ($pw) = @_;
	my $salt = join('', map { $b64[int rand 64] } 1 .. 21) . 'u';
	my $h = crypt($pw, '$2y$10$' . $salt);
	die "no bcrypt in crypt(3)" unless $h =~ /^\$2y\$10\$/;
	return $h;
}

# Werkzeug's generate_password_hash as easyproxypool ran it (Werkzeug
# 0.15: pbkdf2:sha256, 150000 iterations, an 8-character salt of
# letters and digits): with Werkzeug itself where it is installed, else
# the same PBKDF2 written out.
my @salt_chars = ('A' .. 'Z', 'a' .. 'z', '0' .. '9');
my $have_wz = system('python3 -c "import werkzeug.security" 2>/dev/null') == 0;
sub pbkdf2_sha256_hex {
	my ($pw, $salt, $iter) = @_;
	my $u = hmac_sha256($salt . pack('N', 1), $pw);
	my $t = $u;
	for (2 .. $iter) {
		$u = hmac_sha256($u, $pw);
		$t ^= $u;
	}
	return unpack('H*', $t);
}
sub werkzeug_hash {
	my ($pw) = @_;
	if ($have_wz) {
		my $h = `python3 -c 'import sys; from werkzeug.security import generate_password_hash as g; print(g(sys.argv[1], method="pbkdf2:sha256:150000", salt_length=8))' '$pw'`;
		chomp $h;
		return $h;
	}
	my $salt = join('', map { $salt_chars[int rand 62] } 1 .. 8);
	return "pbkdf2:sha256:150000\$$salt\$" . pbkdf2_sha256_hex($pw, $salt, 150000);
}

# AList v3: pwd_hash = sha256(sha256(pw "-https://github.com/alist-org/alist")
# "-" salt), with a 16-character random salt.
sub alist_pair {
	my ($pw) = @_;
	my $salt = join('', map { $salt_chars[int rand 62] } 1 .. 16);
	my $static = sha256_hex("$pw-https://github.com/alist-org/alist");
	return (sha256_hex("$static-$salt"), $salt);
}

my @digests;	# every legacy form that came in: none may be at rest

# --- login.php: mariadb -B -e 'SELECT * FROM users' (TSV, NULL as NULL) ---
my $bob_php = php_password_hash('bobpw');
my $lp = join('', map { join("\t", @$_) . "\n" }
    [qw(id username password Authority openid wechat_name)],
    [1, 'alice', md5_hex('alicepw'), 'Y', 'oLT0a49GFzSOZ7J7jV2Pq8B9G7a0', 'Ali'],
    [2, 'bob', $bob_php, 'N', 'NULL', 'NULL'],
    [3, 'carol', uc md5_hex('carolpw'), 'N', 'NULL', 'C\\\\arol']);
push @digests, md5_hex('alicepw'), md5_hex('carolpw'), uc md5_hex('carolpw');

my $before = users();
my ($rc, $out) = import_file($lp, '--from', 'loginphp', '--dry-run');
is($rc, 0, 'loginphp dry run: exit 0') or diag $out;
like($out, qr/would import: 3/, 'dry run: counts the rows it would import');
is(users(), $before, 'dry run: nothing written');

($rc, $out) = import_file($lp, '--from', 'loginphp');
is($rc, 0, 'loginphp import: exit 0') or diag $out;
like($out, qr/imported: 3 \(kept as they were: 1, wrapped: 2 -- md5 2\)/,
    'summary: one crypt string kept, two MD5 wrapped') or diag $out;
like(hash_of('alice'), qr/^\$ugwrap\$md5\$\$y\$/, 'MD5 stored wrapped in yescrypt');
is(hash_of('bob'), $bob_php, 'the $2y$ hash is kept as it is');
is($ug->sql("SELECT CONCAT(role_id, ' ', openid, ' ', wechat_name) FROM users "
    . "WHERE username = 'alice'"), '6 oLT0a49GFzSOZ7J7jV2Pq8B9G7a0 Ali',
    'Authority Y, openid and wechat_name mapped');
is($ug->sql("SELECT CONCAT(role_id, ' ', ISNULL(openid), ' ', HEX(wechat_name)) "
    . "FROM users WHERE username = 'carol'"), '10 1 435C61726F6C',
    'NULL stays NULL, a TSV escape is decoded');

# The same file again: every user is already there, nothing changes.
($rc, $out) = import_file($lp, '--from', 'loginphp');
is($rc, 0, 're-run: exit 0') or diag $out;
like($out, qr/imported: 0 .*already imported: 3/s, 're-run skips the users it imported');

is(login('alice', 'wrong'), '{"state":"0"}', 'a wrong password fails on a wrap');
like(hash_of('alice'), qr/^\$ugwrap\$md5\$/, 'and changes nothing');
like(login('alice', 'alicepw'), qr/^\{"state":"1"/, 'alice logs in with her md5() password');
like(hash_of('alice'), qr/^\$y\$[^\$]+\$[^\$]+\$[^\$]+$/, 'now a plain yescrypt hash');
like(login('alice', 'alicepw'), qr/^\{"state":"1"/, 'which logs in again');
is(login('bob', 'bobpw'), '{"state":"1"}', 'bob logs in with his PHP password_hash');
like(hash_of('bob'), qr/^\$y\$/, 'and his bcrypt is upgraded to yescrypt');
is($ug->post('/login.php?mode=0', [openid => 'oLT0a49GFzSOZ7J7jV2Pq8B9G7a0',
    wechat_name => 'Ali'])->{content}, '1', 'mode 0 knows the imported openid');
is($ug->post('/login.php?mode=1', [username => 'carol', password => 'carolpw',
    openid => 'oCarolOpenid000000000000000'])->{content}, '1',
    'mode 1 binds an openid with the wrapped MD5 password (any case of hex)');
like(hash_of('carol'), qr/^\$y\$/, 'and carol holds a plain yescrypt hash');

# --- backstage (Django, SQLite): sqlite3 -header -csv, plaintext --------
my $bs = "id,username,password,ipconfig,stat,count,create_at\r\n"
    . "1,nuocheng,nuocheng,47.107.174.18,2,22,2022-10-21 22:18:35\r\n"
    . "2,kuaishou,\"kuai,shou\"\"1234\",47.107.174.18,1,0,2022-11-21 03:18:39.328000\r\n"
    . "3,xiaoming,xiaoming,192.168.10.102,0,0,2022-10-22 08:59:46\r\n";
push @digests, 'nuocheng', 'kuai,shou"1234', 'xiaoming';
($rc, $out) = import_file($bs, '--from', 'backstage');
is($rc, 0, 'backstage import: exit 0') or diag $out;
like($out, qr/wrapped: 3 -- plain 3/, 'plaintext passwords wrapped');
is($ug->sql("SELECT CONCAT(role_id, ' ', ipconfig, ' ', count, ' ', created) "
    . "FROM users WHERE username = 'kuaishou'"),
    '6 47.107.174.18 0 2022-11-21 03:18:39.328', 'stat, ipconfig, count, create_at');
is($ug->sql("SELECT role_id FROM users WHERE username = 'nuocheng'"), 1,
    'stat 2 is a super admin');
like(hash_of('xiaoming'), qr/^\$ugwrap\$plain\$\$y\$/, 'stored wrapped');
like(login('kuaishou', 'kuai,shou"1234'), qr/^\{"state":"1"/,
    'a backstage user logs in through login.php');
like(hash_of('kuaishou'), qr/^\$y\$/, 'and holds a plain yescrypt hash');
like(login('nuocheng', 'nuocheng'), qr/^\{"state":"1"/, 'so does its super admin');

# --- adminsys (MySQL): mariadb -B, md5 hex ------------------------------
my $as = join('', map { join("\t", @$_) . "\n" }
    [qw(user_id username nickname password gender email phone zip_code location age country detail_address identity active code role_id updated created)],
    [3, 'moscow', 'NULL', 'e10adc3949ba59abbe56e057f20f883e', 1, 'NULL', 'NULL',
     'NULL', ' yukon territory', 0, ' russia', 'NULL', 'NULL', 1, 'NULL', 10,
     'NULL', 'NULL'],
    [4, 'lisbon', 'Lis', md5_hex('lisbonpw'), 0, 'l@example.com', '555',
     '1000', 'x', 33, 'portugal', 'Rua 1', 'id', 1, 'c1', 6, 'NULL',
     '2021-05-01 10:00:00']);
push @digests, 'e10adc3949ba59abbe56e057f20f883e', md5_hex('lisbonpw');
($rc, $out) = import_file($as, '--from', 'adminsys');
is($rc, 0, 'adminsys import: exit 0') or diag $out;
is($ug->sql("SELECT CONCAT_WS(' ', role_id, gender, IFNULL(age, '-'), country, location) "
    . "FROM users WHERE username = 'moscow'"), '10 1 -  russia  yukon territory',
    'profile fields as they were (the seed\'s leading blanks too); age 0 means none');
is($ug->sql("SELECT CONCAT_WS(' ', role_id, nickname, email, phone, zip_code, age, "
    . "detail_address, identity, active, code, created) FROM users WHERE username = 'lisbon'"),
    '6 Lis l@example.com 555 1000 33 Rua 1 id 1 c1 2021-05-01 10:00:00.000',
    'every adminsys field');
like(login('moscow', '123456'), qr/^\{"state":"1"/, 'e10adc39... logs in with 123456');
like(hash_of('moscow'), qr/^\$y\$/, 'then a plain yescrypt hash');

# --- proxypool (Flask, MySQL): JSON Lines, Werkzeug hashes --------------
my %wz = map { $_ => werkzeug_hash("$_-pw") } qw(pp_super pp_admin pp_user pp_locked);
my $pp = join('', map { sprintf('{"id":%d,"username":"%s","password_hash":"%s",'
    . '"createtime":"2019-06-28 11:35:19","locked":%s,"description":"d %s",'
    . '"avatar":"/static/a.png","role_id":%d}' . "\n",
    $_->[0], $_->[1], $wz{$_->[1]}, $_->[2], $_->[1], $_->[3]) }
    [1, 'pp_super', 'false', 1], [2, 'pp_admin', 'false', 2],
    [3, 'pp_user', 'false', 3], [4, 'pp_locked', 'true', 3]);
push @digests, map { (split /\$/, $_)[2] } values %wz;
($rc, $out) = import_file($pp, '--from', 'proxypool');
is($rc, 0, 'proxypool import: exit 0') or diag $out;
like($out, qr/werkzeug 4/, 'Werkzeug hashes wrapped');
like(hash_of('pp_user'), qr/^\$ugwrap\$pbkdf2-sha256\$150000\$[A-Za-z0-9]{8}\$\$y\$/,
    'stored as a wrap with its iterations and salt');
is($ug->sql("SELECT GROUP_CONCAT(CONCAT(username, ':', role_id, ':', locked) "
    . "ORDER BY username) FROM users WHERE username LIKE 'pp\\_%'"),
    'pp_admin:6:0,pp_locked:10:1,pp_super:1:0,pp_user:10:0',
    'role_id 1/2/3 and locked mapped');
like(login('pp_user', 'pp_user-pw'), qr/^\{"state":"1"/, 'a Werkzeug user logs in');
like(hash_of('pp_user'), qr/^\$y\$/, 'then a plain yescrypt hash');
is(login('pp_locked', 'pp_locked-pw'), '{"state":"0"}', 'a locked one stays locked');
is($ug->sql("SELECT description FROM users WHERE username = 'pp_admin'"),
    'd pp_admin', 'description kept');

# --- AList (SQLite): x_users as JSON Lines, pwd_hash + salt -------------
my ($ah, $as1) = alist_pair('alist-pw');
my ($gh, $gs) = alist_pair('guest-pw');
push @digests, $ah, $gh;
my $al = qq({"id":1,"username":"al_admin","pwd_hash":"$ah","salt":"$as1","password":"","base_path":"/","role":2,"disabled":0,"permission":0,"otp_secret":"","sso_id":"","authn":"[]"}\n)
    . qq({"id":2,"username":"guest","pwd_hash":"$gh","salt":"$gs","password":"","base_path":"/pub/","role":1,"disabled":1,"permission":256,"otp_secret":"","sso_id":"","authn":"[]"}\n)
    . qq({"id":3,"username":"al_old","pwd_hash":"","salt":"","password":"oldplain","base_path":"/a//b/../c","role":0,"disabled":0,"permission":3,"otp_secret":"","sso_id":"","authn":""}\n);
push @digests, 'oldplain';
($rc, $out) = import_file($al, '--from', 'alist');
is($rc, 0, 'alist import: exit 0') or diag $out;
like(hash_of('al_admin'), qr/^\$ugwrap\$alist\$\Q$as1\E\$\$y\$/, 'the pair stored as a wrap with its salt');
is($ug->sql("SELECT GROUP_CONCAT(CONCAT_WS(':', username, role_id, disabled, base_path, permission) "
    . "ORDER BY id) FROM users WHERE username IN ('al_admin', 'guest', 'al_old')"),
    'al_admin:1:0:/:0,guest:11:1:/pub:256,al_old:10:0:/a/c:3',
    'role 0/1/2, disabled, base_path (cleaned), permission');
like(login('al_admin', 'alist-pw'), qr/^\{"state":"1"/, 'an AList user logs in');
like(hash_of('al_admin'), qr/^\$y\$/, 'then a plain yescrypt hash');
like(login('al_old', 'oldplain'), qr/^\{"state":"1"/,
    'an AList user from before pwd_hash (plaintext password column) too');
is(login('guest', 'guest-pw'), '{"state":"0"}', 'the disabled guest stays disabled');

# --- ours: --from csv with --hash and --map -----------------------------
my $csv = "login,pw,role,email\nzed," . md5_hex('zedpw') . ",user_admin,z\@x.org\n";
push @digests, md5_hex('zedpw');
($rc, $out) = import_file($csv, '--from', 'csv', '--hash', 'md5',
    '--map', 'login=username', '--map', 'pw=password');
is($rc, 0, 'generic csv import: exit 0') or diag $out;
is($ug->sql("SELECT CONCAT(role_id, ' ', email) FROM users WHERE username = 'zed'"),
    '6 z@x.org', 'mapped columns and a role by name');
like(login('zed', 'zedpw'), qr/^\{"state":"1"/, 'and it logs in');

# --- no weak form at rest -------------------------------------------------
my $hits = 0;
for my $d (@digests) {
	my $q = $d =~ s/\\/\\\\/gr =~ s/'/''/gr;
	$hits += $ug->sql("SELECT COUNT(*) FROM users WHERE "
	    . "LOCATE(BINARY '$q', password_hash) > 0 "
	    . "OR LOCATE(LOWER('$q'), LOWER(password_hash)) > 0");
}
is($hits, 0, 'no stored hash contains an MD5 hex, a plaintext or a '
    . 'Werkzeug/AList digest as it came (' . scalar(@digests) . ' checked)');

# --- bad rows: reported by line, and nothing written -----------------------
my $badf = "username\tpassword\tAuthority\n"
    . "newbie\t" . md5_hex('x') . "\tN\n"		# line 2: good
    . "\t" . md5_hex('x') . "\tN\n"			# 3: no name
    . "bad\xff\xfename\t" . md5_hex('x') . "\tN\n"	# 4: invalid UTF-8
    . "eve\t" . md5_hex('x') . "\tQ\n"			# 5: unknown role
    . "mallory\tnot-a-hash\tN\n"			# 6: no known format
    . "NEWBIE\t" . md5_hex('y') . "\tN\n"		# 7: duplicate in the file
    . "Alice\t" . md5_hex('z') . "\tN\n"		# 8: already in the store
    . "ROOT\t" . md5_hex('z') . "\tY\n"			# 9: the super admin
    . "frank\t" . md5_hex('f') . "\tN\n";		# 10: good
$before = users();
($rc, $out) = import_file($badf, '--from', 'loginphp');
is($rc, 1, 'bad rows stop the import');
like($out, qr/^line 3: no name$/m, 'line 3: no name');
like($out, qr/^line 4: invalid UTF-8/m, 'line 4: invalid UTF-8');
like($out, qr/^line 5: unknown role$/m, 'line 5: unknown role');
like($out, qr/^line 6: a password in no known format$/m, 'line 6: the password format');
like($out, qr/^line 7: the name is also on line 2$/m, 'line 7: a duplicate in the file, case-insensitively');
like($out, qr/^line 8: the name is already in the store$/m, 'line 8: already in the store');
like($out, qr/^line 9: the name of a super admin/m, 'line 9: the super admin is never overwritten');
unlike($out, qr/^line (2|10):/m, 'the good rows are not reported');
like($out, qr/nothing was written/, 'says nothing was written');
is(users(), $before, 'and nothing was');
($rc, $out) = import_file($badf, '--from', 'loginphp', '--dry-run');
is($rc, 1, 'a dry run with bad rows fails too');
is(users(), $before, 'and writes nothing');
($rc, $out) = import_file($badf, '--from', 'loginphp', '--skip-bad');
is($rc, 0, '--skip-bad: exit 0') or diag $out;
like($out, qr/imported: 2 .*bad rows: 7/s, 'writes the two good rows, lists the seven');
is(users(), $before + 2, 'two more users');
like(login('frank', 'f'), qr/^\{"state":"1"/, 'a good row of a bad file logs in');
like(login('root', 'rootpw'), qr/^\{"state":"1"/, 'the super admin is untouched');

# --- unreadable files -------------------------------------------------------
($rc, $out) = import_file("username,password\nx,\"open\n", '--from', 'csv');
like($out, qr/^line 2: a quote that is never closed$/m, 'an unterminated quote, by line');
($rc, $out) = import_file("{\"username\":\"j1\",\"password\":\"p\"}\nnot json\n", '--from', 'csv');
like($out, qr/^line 2: not a JSON object$/m, 'a bad JSON line, by line');
($rc, $out) = $ug->cli(undef, 'import', '--from', 'nosuch', '-');
is($rc, 2, 'an unknown system is a usage error');
($rc, $out) = $ug->cli("username,password\nstdin1,pw1\n", 'import', '--from', 'csv', '-');
like($out, qr/^line 2: a password in no known format \(--hash plain/m,
    '--from csv without --hash takes no plaintext for a hash');
($rc, $out) = $ug->cli("username,password\nstdin1,pw1\n", 'import', '--from', 'csv',
    '--hash', 'plain', '-');
is($rc, 0, '- reads stdin') or diag $out;
like(login('stdin1', 'pw1'), qr/^\{"state":"1"/, 'and that user logs in');

$ug->stop;
done_testing;
